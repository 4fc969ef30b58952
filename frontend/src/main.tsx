import { StrictMode } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { Gate } from './app/Gate'
import { readBoot, seedBoot } from './app/boot'
import { AppProvider, makeQueryClient } from './app/provider'
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

// Go wrote the first screen's data into the page (app/boot.go): the sign-in state, the person,
// the reference data and the first queue page are answers before the first render.
const client = makeQueryClient()
const boot = readBoot()
if (boot && seedBoot(client, boot)) document.documentElement.dataset.boot = 'queue'

// The first render runs now, inside this script, rather than in a task of its own: the hop let
// WebKit run the page's load events and a rendering update of the still empty page first, ~3 ms
// before the queue showed (docs/bench-method.md, "Start-up (session 16)").
const root = createRoot(document.getElementById('root') as HTMLElement)
flushSync(() =>
  root.render(
    <StrictMode>
      <AppProvider client={client}>
        <Gate />
      </AppProvider>
    </StrictMode>,
  ),
)
