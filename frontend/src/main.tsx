import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { Gate } from './app/Gate'
import { AppProvider } from './app/provider'
import { applyTheme, loadTheme } from './lib/theme'
import './styles.css'

// Apply the stored theme before the first paint, so a dark desk never flashes white.
applyTheme(loadTheme())

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AppProvider>
      <Gate />
    </AppProvider>
  </StrictMode>,
)
