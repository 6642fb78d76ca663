import { defineConfig } from "vitest/config";

// Two projects: `unit` runs everywhere (kernel checks in network namespaces included, when root);
// `dataplane` starts Docker containers and is slow, so it can be run alone with `npm run test:dataplane`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/dataplane/**", "node_modules/**"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "dataplane",
          include: ["test/dataplane/**/*.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
