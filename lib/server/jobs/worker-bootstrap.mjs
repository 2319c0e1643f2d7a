// The module a pool thread starts with (worker-pool.ts). Node 20 does not apply loader hooks given
// in a Worker's execArgv (`--import tsx` reaches only the main thread), so the thread registers
// tsx itself, then loads the task module it was given — the app's TypeScript, as the runner runs it.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
let tasks = {};
let loadError = null;
try {
  tasks = await import(workerData.tasksModule);
} catch (error) {
  // Every task then fails with the reason, instead of the thread dying before it could take one
  // (a task waiting for a thread that never starts would wait forever).
  loadError = error;
}

/** One task: `{ task, input }` → what the task module's export of that name returns. */
export default function run({ task, input }) {
  if (loadError) throw loadError;
  const fn = tasks[task];
  if (typeof fn !== "function") throw new Error(`No worker task named "${task}" in ${workerData.tasksModule}`);
  return fn(input);
}
