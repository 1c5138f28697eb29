/**
 * What a served emulator answers: only this machine's own tools. The REST face takes its caller from a private header
 * and exposes the `/_emulator` controls, so a web page the developer happens to visit must not reach it:
 * - a name that resolves to 127.0.0.1 (DNS rebinding) makes the page same-origin, custom headers and all: the request
 *   must name a local host;
 * - a cross-site form or `text/plain` POST needs no preflight: a browser request must come from a local page
 *   (`Sec-Fetch-Site` same-origin or none; without it, `Origin` a local one when sent). Node clients send neither.
 */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why `request` may not be answered, or undefined when it comes from this machine's own tools. */
export function foreignRequestProblem(request: Request): string | undefined {
  if (!LOCAL_HOSTS.has(new URL(request.url).hostname)) return 'This emulator answers only on 127.0.0.1 or localhost.';
  // A browser that sends Sec-Fetch-Site says where the request comes from; trust it first: with the UI's
  // `Referrer-Policy: no-referrer`, Chromium sends `Origin: null` on its own same-origin form posts.
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null) return fetchSite === 'same-origin' || fetchSite === 'none' ? undefined : 'This emulator answers only its own pages.';
  const origin = request.headers.get('origin');
  if (origin !== null && !isLocalOrigin(origin)) return 'This emulator answers only its own pages.';
  return undefined;
}

function isLocalOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  } catch {
    return false; // "null" (a sandboxed frame, a file) or garbage
  }
}

/** `fetch` answering 403 to anything `foreignRequestProblem` refuses; the rest goes through with its server bindings. */
export function localOnly<Rest extends unknown[]>(
  fetch: (request: Request, ...rest: Rest) => Response | Promise<Response>,
): (request: Request, ...rest: Rest) => Response | Promise<Response> {
  return (request, ...rest) => {
    const problem = foreignRequestProblem(request);
    return problem ? new Response(problem, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } }) : fetch(request, ...rest);
  };
}
