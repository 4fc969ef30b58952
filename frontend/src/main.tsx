import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { Gate } from './app/Gate'
import { AppProvider } from './app/provider'
import { applyPlatform } from './lib/platform'
import { installSubmitKey } from './lib/submitKey'
import { applyTheme, loadTheme } from './lib/theme'
import './styles.css'

// Apply the stored theme before the first paint, so a dark desk never flashes white, and the
// desktop's font stack before the first layout.
applyTheme(loadTheme())
applyPlatform()
// Ctrl+Enter saves the form in focus on every screen, the sign-in one too.
installSubmitKey()

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AppProvider>
      <Gate />
    </AppProvider>
  </StrictMode>,
)
