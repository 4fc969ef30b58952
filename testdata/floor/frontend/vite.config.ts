import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// node_modules is a link to the app's frontend/node_modules, made by the benchmark: the floor
// builds with the very React, Vite and plugin versions the app builds with.
export default defineConfig({
  plugins: [
    react(),
    {
      name: 'floor-keep-gitkeep',
      apply: 'build',
      closeBundle() {
        writeFileSync(resolve(__dirname, 'dist/.gitkeep'), '')
      },
    },
  ],
})
