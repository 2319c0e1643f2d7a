import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// While a request authenticated by a personal API token is handled, the projects that token may
// reach. Authorization (lib/server/authz.ts) reads it, so every membership check of that request
// — however deep in a use case — is narrowed to the token's projects without each use case
// having to pass it along. Requests signed in through the browser run outside any scope.
export type TokenScope = { tokenId: string; projectIds: readonly string[]; readOnly: boolean };

const storage = new AsyncLocalStorage<TokenScope>();

export const runWithTokenScope = <T>(scope: TokenScope, fn: () => Promise<T>): Promise<T> => storage.run(scope, fn);

export const currentTokenScope = (): TokenScope | undefined => storage.getStore();
