"""The visit report (the Logbook in LINE), declared as data: questions in the order a visit happens.

```mermaid
flowchart TD
    H[household: house code / national ID / name] -->|several| C[carousel: pick one]
    H -->|none| N[add missed household]
    H -->|one| K[confirm household card]
    C --> K
    K -->|ไม่ใช่, or another house code typed| H
    K --> D[visit date] --> P[consent]
    N --> D
    P -->|new household| NH[house no, village, head name, head ID]
    P --> F[each open problem: status]
    NH --> F
    F --> NP[new problem: dimension or free text → indicator → detail → member]
    NP -->|ไม่มี while a typed problem waits| NP
    NP -->|มีอีก| NP
    NP --> A[assistance: type → agency → amount → quantity → date]
    A -->|มีอีก| A
    A --> L[development level] --> FU[follow-up date] --> PH[photos 0–5] --> LOC[location] --> NO[notes]
    NO --> S[summary card: แก้ไข per section, แจ้งด่วน]
    S -->|แก้ไข| H
    S -->|ยืนยัน| R[submit once → receipt VR-2569-000123 + supervisor alerts]
```
Without consent, problems, assistance, photos and notes are skipped: only the visit itself is kept.
"""

from handlers.engine import register
from handlers.engine.model import Dialog, Group
from handlers.visit import (
    assistance_steps,
    household_steps,
    photos,
    problem_steps,
    submit,
    summary,
    visit_steps,
)

NEW_HOUSEHOLD_STEPS = tuple(s for s in household_steps.STEPS if s.name.startswith("new_"))
FIND_STEPS = tuple(s for s in household_steps.STEPS if not s.name.startswith("new_"))

VISIT_REPORT = register(
    Dialog(
        name="visit",
        title="รายงานการเยี่ยมบ้าน",
        steps=(
            *FIND_STEPS,
            *visit_steps.STEPS_BEFORE_CASES,
            *NEW_HOUSEHOLD_STEPS,
            *problem_steps.STEPS,
            *assistance_steps.STEPS,
            *visit_steps.STEPS_AFTER_CASES,
        ),
        groups=(
            Group("problem", problem_steps.MORE_PROBLEMS),
            Group("assistance", assistance_steps.MORE_ASSISTANCE),
        ),
        summary=summary.summary,
        submit=submit.submit,
        receipt=submit.receipt,
        on_image=photos.receive,
        sections=summary.SECTIONS,
    )
)
