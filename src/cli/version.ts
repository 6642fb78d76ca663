// Kept equal to package.json's version (test/package.test.ts checks); src/ cannot read package.json at run time without fs.
export const version = "0.1.0";
