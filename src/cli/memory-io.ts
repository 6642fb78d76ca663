import { IoError, type Io } from "./io.js";

// An Io that keeps everything in memory: for tests of the CLI (exit codes, stdout/stderr, -o).

export interface MemoryIo extends Io {
  readonly files: Map<string, string>;
  stdout: string;
  stderr: string;
}

export function createMemoryIo(options: { files?: Record<string, string>; stdin?: string } = {}): MemoryIo {
  const io: MemoryIo = {
    files: new Map(Object.entries(options.files ?? {})),
    stdout: "",
    stderr: "",
    async readFile(path) {
      const text = io.files.get(path);
      if (text === undefined) throw new IoError(`${path}: cannot read: no such file`);
      return text;
    },
    async readStdin() {
      return options.stdin ?? "";
    },
    async writeStdout(text) {
      io.stdout += text;
    },
    async writeStderr(text) {
      io.stderr += text;
    },
    async writeFileAtomic(path, text) {
      io.files.set(path, text);
    },
  };
  return io;
}
