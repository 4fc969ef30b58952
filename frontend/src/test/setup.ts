import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'
import { setTabbableOptions } from '../lib/focusTrap'

// findBy*/waitFor give up after 1 s by default, which a loaded machine can pass while the
// page is still right: wait longer (a bound on a hung test, not a speed check).
configure({ asyncUtilTimeout: 30_000 })

afterEach(() => cleanup())

// jsdom lays nothing out, so focus-trap would take every field for hidden.
setTabbableOptions({ displayCheck: 'none' })
