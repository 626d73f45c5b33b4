"""Share kits: what ambassadors share for a story, built when the story is published.

A kit has one variant per network the campaign targets (a caption fitted to that network, with
`{link}` where each ambassador's personal link goes) and one image per format, with and without
the job card. Personal links are computed per ambassador, never stored.

- `networks`: the catalogue (share intent, text limit, how it is counted, image format).
- `captions` builds a caption, `lengths` measures it the network's way, `overrides` checks and
  cleans a communicator's own caption.
- `formats`, `images`, `lettering`: the image formats, each rendered from Wagtail's focal-point
  rendition, and the text and job card drawn on them.
- `services` builds and requests kits and lists personal links; `selectors` reads kits for the
  admin and the portal; `sharing` makes one ambassador's share buttons; `exports` the CSV.
- `admin_views`, `forms`, `panels`: the admin kit page, caption edits, the story editor's tab;
  `signals` bridges Wagtail's publish events to the services.

May import `sharekits.links`, `sharekits.models` and `campaigns`; never `sharekits.scores`,
`sharekits.clicks` or `sharekits.tasks` (the app passes the build task in).
"""
