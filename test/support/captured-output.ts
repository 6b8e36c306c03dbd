/**
 * Every child process's output a test run captured (the fault suite scans all of it for secrets
 * after each file: see test/faults/no-secrets.setup.ts). Registered by the process runners.
 */
const captured: Array<{ label: string; read: () => string }> = [];

/** Remembers a process's output (read at scan time, so output written after this call counts). */
export function captureOutput(label: string, read: () => string): void {
  captured.push({ label, read });
}

/** The outputs captured so far in this test file's worker. */
export function capturedOutputs(): ReadonlyArray<{ label: string; read: () => string }> {
  return captured;
}

/** Forgets the captured outputs (after they were scanned). */
export function clearCapturedOutputs(): void {
  captured.length = 0;
}
