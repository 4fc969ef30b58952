/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

// Go embeds frontend/dist, and a fresh checkout must compile before any build: the committed
// dist/.gitkeep has to survive Vite emptying the folder.
function keepGitkeep(): Plugin {
  return {
    name: 'outpost-keep-gitkeep',
    apply: 'build',
    closeBundle() {
      writeFileSync(resolve(__dirname, 'dist/.gitkeep'), '')
    },
  }
}

export default defineConfig({
  plugins: [react(), keepGitkeep()],
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Bounds that stop a hung test, not speed checks: a loaded 2-core CI machine ran
    // user-event tests past the 5 s default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
