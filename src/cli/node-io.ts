import { randomBytes } from "node:crypto";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import process from "node:process";
import { IoError, type Io } from "./io.js";

// The one module in src/ that touches the file system and the process streams.

/** Past this, a "snapshot" is a mistake or an attack; V8 strings stop at ~512 MiB anyway. */
const maxInputBytes = 256 * 1024 * 1024;

function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return typeof code === "string" ? code : String((error as Error).message ?? error);
  }
}

async function writeStream(stream: NodeJS.WriteStream, name: string, text: string): Promise<void> {
  if (text === "") return;
  await new Promise<void>((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(new IoError(`${name}: cannot write: ${reason(error)}`)) : resolve()));
  });
}

export const nodeIo: Io = {
  async readFile(path) {
    try {
      const info = await stat(path);
      if (info.isFile() && info.size > maxInputBytes) throw new IoError(`${path}: larger than ${maxInputBytes / 1024 / 1024} MiB`);
      return await readFile(path, "utf8");
    } catch (error) {
      if (error instanceof IoError) throw error;
      throw new IoError(`${path}: cannot read: ${reason(error)}`);
    }
  },
  async readStdin() {
    if (process.stdin.isTTY) throw new IoError("no input files, and stdin is a terminal (give files or pipe a snapshot; see kprc --help)");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxInputBytes) throw new IoError(`stdin: larger than ${maxInputBytes / 1024 / 1024} MiB`);
      chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
  },
  writeStdout: (text) => writeStream(process.stdout, "stdout", text),
  writeStderr: (text) => writeStream(process.stderr, "stderr", text),
  async writeFileAtomic(path, text) {
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeFile(temp, text, { encoding: "utf8", flag: "wx", mode: 0o644 });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new IoError(`${path}: cannot write: ${reason(error)}`);
    }
  },
};
