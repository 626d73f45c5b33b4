"""The ambassador portal at /portal/: the screens volunteers use on their phone.

- `auth`: sign-in by magic link (django-sesame): no password, never a staff account. The mail
  is sent by the Celery task in `tasks`, which the sign-in view hands to `request_login_link`.
- `access`: who may enter (an active ambassador who answered the consent question) and the
  cookies that remember them. Every portal page is personal: none may be stored by a browser
  or a proxy (`Cache-Control: no-store`).
- `services`: what the portal changes: consent answers, the data export, erasure.
- `views`, `urls`, `forms`: thin views over those services and over the reads of `sharekits`
  (kits, shares, stats, leaderboards). Templates are in `cms/templates/portal/`.

Manual: `manage.py login_link <email>` prints a sign-in link for support staff.
"""
