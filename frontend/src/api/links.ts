// Links: opening a link from rendered user content in the system browser.
import * as Go from '../../wailsjs/go/app/Links'
import { call } from './client'

/** openLink asks Go to open url in the system browser; Go refuses anything but http(s) and mailto. */
export const openLink = (url: string): Promise<void> => call(() => Go.Open(url))
