// The desk's keys in one list. The hotkeys are bound from it and the palette's hints and the
// Keyboard shortcuts list read it, so what the desk shows is what it binds.
export interface Key {
  combo: string
  description: string
}

export const keymap = {
  palette: { combo: 'mod+k', description: 'Command palette' },
  search: { combo: '/', description: 'Search' },
  newTicket: { combo: 'n', description: 'New ticket of the queue’s type (Requests: a request)' },
  next: { combo: 'j', description: 'Next ticket' },
  previous: { combo: 'k', description: 'Previous ticket' },
  open: { combo: 'enter', description: 'Open the selected ticket' },
  tick: { combo: 'x', description: 'Tick the selected ticket' },
  tickAll: { combo: 'mod+a', description: 'Tick every ticket in this view' },
  print: { combo: 'mod+p', description: 'Print the open ticket, or save it as a PDF' },
  submit: { combo: 'mod+enter', description: 'Save the form or send the note you are in' },
  close: { combo: 'escape', description: 'Close the dialog, the panel or the ticket' },
  shortcuts: { combo: 'shift+?', description: 'Keyboard shortcuts' },
} as const satisfies Record<string, Key>
