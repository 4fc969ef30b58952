/**
 * Markdown shows user text as Go rendered it: goldmark with raw HTML shown as text, sanitized
 * by bluemonday, images dropped (domain/markdown); the CSP forbids inline scripts, and the
 * shell's link guard sends links inside .md to the system browser after a confirmation.
 */
export function Markdown({ html, testId, className = '' }: { html: string; testId?: string; className?: string }) {
  return <div className={`md ${className}`} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />
}
