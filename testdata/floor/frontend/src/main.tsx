// The floor's whole page: React renders one element, and its first effect tells Go the page
// has run script (Outpost's page does the same once its queue shows data); once that frame is
// painted it tells Go when, as Outpost's page does (frontend/src/api/client.ts).
import { StrictMode, useEffect } from 'react'
import { createRoot } from 'react-dom/client'

declare global {
  interface Window {
    go: { main: { Floor: { Ready(): Promise<void>; Painted(at: number): Promise<void> } } }
  }
}

function App() {
  useEffect(() => {
    void window.go.main.Floor.Ready()
    requestAnimationFrame(() =>
      setTimeout(() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0]
        void window.go.main.Floor.Painted(performance.timeOrigin + (paint ? paint.startTime : performance.now()))
      }, 0),
    )
  }, [])
  return <p>floor</p>
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
