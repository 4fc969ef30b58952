// The desktop the page runs on, as a data attribute the font stacks key on (styles.css).
//
// Each family a stack names that the machine lacks costs WebKitGTK a fontconfig match (with
// all of fontconfig's substitution rules) for every size and weight the page uses, before the
// next family is tried. A stack naming every desktop's UI font made the first layout of the
// desk spend about 0.2 s of CPU in fontconfig on Linux (perf, on the start-up benchmark's
// empty profile), so each desktop is given only its own fonts, ending in the generic family.
export type Platform = 'windows' | 'mac' | 'linux'

export function platformOf(userAgent: string): Platform {
  if (/Windows/i.test(userAgent)) return 'windows'
  if (/Macintosh|Mac OS X/i.test(userAgent)) return 'mac'
  return 'linux'
}

export function applyPlatform(root: HTMLElement = document.documentElement, userAgent: string = navigator.userAgent): void {
  root.dataset.platform = platformOf(userAgent)
}
