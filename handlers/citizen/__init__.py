"""Citizens: consent, linking a LINE account to a household, status, help requests, notifications.

```mermaid
flowchart LR
    F[follow] --> N[greeting + privacy notice] -->|ยินยอม| O[notifications? รับ / ไม่รับ] --> L[เชื่อมบัญชี]
    N -->|ไม่ยินยอม| G[nothing personal is kept]
    L -->|linked: role citizen| S[สถานะ card] & H[ขอความช่วยเหลือ → RQ + alert]
    V[officer's visit: assistance, status] --> P[push at once if urgent, else one digest a day]
```
Everything a citizen sees is reached through `links.active_link(ctx)`: from the user, never from data
the user sends.
"""
