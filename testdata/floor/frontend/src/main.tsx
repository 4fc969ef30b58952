// The floor's whole page: React renders one element, and its first effect tells Go the page
// has run script (Outpost's page does the same once its queue shows data).
import { StrictMode, useEffect } from 'react'
import { createRoot } from 'react-dom/client'

declare global {
  interface Window {
    go: { main: { Floor: { Ready(): Promise<void> } } }
  }
}

function App() {
  useEffect(() => {
    void window.go.main.Floor.Ready()
  }, [])
  return <p>floor</p>
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
