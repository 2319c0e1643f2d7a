// Preloaded into the Next server by bench/load.ts (NODE_OPTIONS=--import …; NODE_OPTIONS does not
// accept --cpu-prof or --expose-gc). On SIGUSR2 it reads a command from $BENCH_PROBE_DIR/command
// and answers in $BENCH_PROBE_DIR/reply.json:
//   gc             a full garbage collection, then process.memoryUsage() (heap in use after GC
//                  tells a leak from a heap that has simply not been collected yet)
//   profile-start  start a V8 CPU profile
//   profile-stop   stop it and write $BENCH_PROBE_DIR/next-<pid>.cpuprofile
//   snapshot       write a V8 heap snapshot to $BENCH_PROBE_DIR (blocks the server for seconds)
// Other Node processes that inherit NODE_OPTIONS (the launcher, tsx) are left alone.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";
import v8 from "node:v8";

const dir = process.env.BENCH_PROBE_DIR;
const isNextServer = process.argv.some((a) => /next[\\/]dist[\\/]bin[\\/]next$/.test(a)) && process.argv.includes("start");
if (isNextServer && dir) {
  const session = new inspector.Session();
  session.connect();
  const reply = (value) => fs.writeFileSync(path.join(dir, "reply.json"), JSON.stringify(value));
  process.on("SIGUSR2", () => {
    const command = fs.readFileSync(path.join(dir, "command"), "utf8").trim();
    if (command === "gc") {
      session.post("HeapProfiler.collectGarbage", () => reply({ command, ...process.memoryUsage() }));
    } else if (command === "snapshot") {
      reply({ command, file: v8.writeHeapSnapshot(path.join(dir, `next-${process.pid}-${Date.now()}.heapsnapshot`)) });
    } else if (command === "profile-start") {
      session.post("Profiler.enable");
      session.post("Profiler.setSamplingInterval", { interval: 500 });
      session.post("Profiler.start", () => reply({ command }));
    } else if (command === "profile-stop") {
      session.post("Profiler.stop", (error, result) => {
        const file = path.join(dir, `next-${process.pid}.cpuprofile`);
        if (!error) fs.writeFileSync(file, JSON.stringify(result.profile));
        reply({ command, file, error: error ? String(error) : undefined });
      });
    }
  });
}
