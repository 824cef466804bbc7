import { z } from 'zod'

// zod probes for eval (`new Function`) to compile fast object parsers. The CSP
// allows no 'unsafe-eval', so in the browser each probe would be reported as a
// violation; forms there are small, and the interpreted parser is fast enough.
// Object schemas make the choice when they are built, so root.tsx imports this
// module first, before any module that defines one. The server keeps the JIT.
if (typeof document !== 'undefined') z.config({ jitless: true })
