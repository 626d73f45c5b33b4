"""Links: personal short links and what opening one answers.

A personal link is SITE_URL + SHORT_PATH + a 12-character token that enciphers (ambassador,
variant): nothing is stored per link. Opening it hands the click over to `sharekits.clicks`
and answers with a 302 to the story (with UTM tags, never anything personal), or with the
story's link card for a preview fetcher. Warm links are answered by a WSGI layer before
Django's middleware (the hot path); everything else by Django's view.

Modules:
    tokens    making and reading tokens
    short     SHORT_PATH, the personal link, the destinations a link may lead to
    routes    where a variant's links go: process memory, then the cache, then the database
    previews  preview fetchers and the card page they get
    redirect  the answer to a short link, shared by the two entry points below
    fastpath  the WSGI layer (cms.wsgi) that answers warm links
    views     the Django view

Imports: `sharekits.clicks`, `sharekits.models`, `sharekits.conf`, `campaigns`, Django; never
`sharekits.kits` or `sharekits.scores`. The hot path (fastpath, redirect, routes and what they
import) imports no model module at load: routes reads the database only after a cache loss.
"""
