// Calls to the app API with the bearer token. Errors arrive as problem+json (RFC 9457) with a Dutch
// `detail` written for people; that text is what the pages show.

export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `De server gaf status ${status}.`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.invalidParams = problem?.invalidParams ?? [];
  }
}

function fileName(response) {
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return match ? match[1] : "loonbrug-export";
}

/**
 * A function `call(path, { method, body, file, upload })` that returns the JSON answer, or with `file: true`
 * the answer as `{ blob, name }` (an export file), and throws `ApiProblem` for an error. `upload` sends a
 * file as it is (`{ data, type }`, e.g. an e-invoice as application/xml) instead of a JSON `body`.
 */
export function apiClient({ token, onUnauthorized }) {
  return async function call(path, { method = "GET", body = undefined, file = false, upload = undefined } = {}) {
    const headers = {
      Accept: file ? "text/csv, application/json" : "application/json",
      Authorization: `Bearer ${token}`,
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (upload !== undefined) headers["Content-Type"] = upload.type;
    const response = await fetch(path, {
      method,
      headers,
      body: upload !== undefined ? upload.data : body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
    if (response.status === 204) return null;
    if (file && response.ok) return { blob: await response.blob(), name: fileName(response) };
    const answer = await response.json().catch(() => null);
    if (response.status === 401) onUnauthorized();
    if (!response.ok) throw new ApiProblem(response.status, answer);
    return answer;
  };
}
