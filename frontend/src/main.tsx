import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { AppProvider } from './app/provider'
import { applyTheme, loadTheme } from './lib/theme'
import './styles.css'

// Apply the stored theme before the first paint, so a dark desk never flashes white.
applyTheme(loadTheme())

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AppProvider>
      <App />
    </AppProvider>
  </StrictMode>,
)
