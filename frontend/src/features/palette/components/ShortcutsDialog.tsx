import { Dialog } from '../../../components/ui/Dialog'
import { comboLabel } from '../../../lib/hotkeys'
import { keymap } from '../../../lib/keymap'

/** ShortcutsDialog lists the desk's keys (lib/keymap), the same list the hotkeys bind from. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} width={480} testId="shortcuts-dialog">
      <table className="shortcuts">
        <tbody>
          {Object.entries(keymap).map(([id, k]) => (
            <tr key={id} data-testid="shortcut" data-combo={k.combo}>
              <td>
                <kbd>{comboLabel(k.combo)}</kbd>
              </td>
              <td>{k.description}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Tab</kbd> <kbd>{comboLabel('shift+tab')}</kbd>
            </td>
            <td>Next and previous field; in a dialog they stay inside it</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  )
}
