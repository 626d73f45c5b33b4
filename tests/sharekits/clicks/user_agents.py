"""Real user agents and the verdict Relais expects for each: the classifier's test set.

Each entry is (user agent, expected verdict, "name; source"). The name before ";" is the test id.
Sources, abbreviated in the entries:
- ref: ../shared/reference/networks.md (section number given);
- CUA: monperrus/crawler-user-agents crawler-user-agents.json, `instances` (PyPI
  crawler-user-agents 1.67.0);
- CD: JayBizzle/Crawler-Detect tests/data (categories/social.txt, security.txt), the fixtures
  of the PHP library that crawlerdetect ports (the PyPI wheel ships none);
- spy: shalanah/inapp-spy src/tests/mobile.ts, user agents captured from real devices;
- and the issue, project or page named in the entry.
Host names of individual fediverse servers are replaced by example hosts.
"""

from sharekits.clicks.classify import Verdict

PREVIEW, BOT, HUMAN = Verdict.PREVIEW, Verdict.BOT, Verdict.HUMAN

IMESSAGE = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) "
    "Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0"
)

PREVIEWS = [
    (
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        PREVIEW,
        "LinkedInBot; ref 1.5",
    ),
    (
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Jakarta Commons-HttpClient/3.1 "
        "+http://www.linkedin.com)",
        PREVIEW,
        "LinkedInBot old; ref 1.5, CUA",
    ),
    (
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        PREVIEW,
        "facebookexternalhit; ref 2.5",
    ),
    ("facebookexternalhit/1.1", PREVIEW, "facebookexternalhit bare; ref 2.5"),
    ("facebookcatalog/1.0", PREVIEW, "facebookcatalog; ref 2.5"),
    ("Twitterbot/1.0", PREVIEW, "Twitterbot; ref 3.5"),
    ("Mozilla/5.0 (compatible; Twitterbot/1.0)", PREVIEW, "Twitterbot compatible; ref 3.5"),
    ("WhatsApp/2.23.20.0 A", PREVIEW, "WhatsApp Android; ref 4.5"),
    ("WhatsApp/2.23.18.78 i", PREVIEW, "WhatsApp iOS; ref 4.5"),
    ("WhatsApp/2.16.16/i", PREVIEW, "WhatsApp old; ref 4.5, monperrus/crawler-user-agents#33"),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "WhatsApp/0.2.4240 Chrome/53.0.2785.143 Electron/1.4.12 Safari/537.36",
        PREVIEW,
        "WhatsApp Desktop; allinurl/goaccess#808 access logs",
    ),
    ("TelegramBot (like TwitterBot)", PREVIEW, "TelegramBot; ref 5.5"),
    (
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Bluesky Cardyb/1.1; "
        "+mailto:support@bsky.app) Chrome/W.X.Y.Z Safari/537.36",
        PREVIEW,
        "Bluesky Cardyb; ref 6.5, bluesky-social/social-app#6521",
    ),
    (
        "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
        PREVIEW,
        "Bluesky Cardyb old; ref 6.5",
    ),
    (
        "http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)",
        PREVIEW,
        "Mastodon 4.2; ref 7.5",
    ),
    (
        "Mastodon/4.4.0 (http.rb/5.2.0; +https://mastodon.example/)",
        PREVIEW,
        "Mastodon 4.4; ref 7.5",
    ),
    ("http.rb/3.2.0 (Mastodon/2.4.3; +https://uwu.social/)", PREVIEW, "Mastodon 2.4; CD"),
    (
        "Pleroma 2.5.52-235-g589301ce-develop; https://pleroma.example "
        "<admin@pleroma.example>; Bot",
        PREVIEW,
        "Pleroma; form seen in feed-reader logs, host replaced",
    ),
    ("SummalyBot/5.1.0", PREVIEW, "Misskey Summaly; ref 7.5, CD"),
    ("Misskey/13.10.0 (https://misskey.io)", PREVIEW, "Misskey server; fediverse UA tests"),
    ("Lemmy/0.19.8; +https://leminal.space", PREVIEW, "Lemmy; ref 7.5, CUA"),
    (
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        PREVIEW,
        "Slackbot-LinkExpanding; ref 14",
    ),
    ("Slack-ImgProxy 1.106 (+https://api.slack.com/robots)", PREVIEW, "Slack-ImgProxy; CD"),
    ("Slackbot 1.0 (+https://api.slack.com/robots)", PREVIEW, "Slackbot; CD"),
    (
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        PREVIEW,
        "Discordbot; ref 14",
    ),
    (
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
        PREVIEW,
        "SkypeUriPreview; ref 14",
    ),
    (
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; MicrosoftPreview/2.0; "
        "+https://aka.ms/MicrosoftPreview) Chrome/100.0.4896.127 Safari/537.36",
        PREVIEW,
        "MicrosoftPreview; CD",
    ),
    (
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)",
        PREVIEW,
        "Outlook desktop probe; ref 10.2 token Microsoft Outlook",
    ),
    (
        "Mozilla/5.0 (compatible; Pinterestbot/1.0; +https://www.pinterest.com/bot.html)",
        PREVIEW,
        "Pinterestbot; CD",
    ),
    ("Pinterest/0.2 (+https://www.pinterest.com/bot.html)", PREVIEW, "Pinterest 0.2; CD"),
    (
        "Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)",
        PREVIEW,
        "redditbot; ref 9.5",
    ),
    (
        "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
        PREVIEW,
        "Embedly; ref 9.5",
    ),
    ("GoogleMessages/20", PREVIEW, "GoogleMessages; ref 14, Braze bot-filtering docs"),
    ("facebookexternalhit/1.1;line-poker/1.0", PREVIEW, "LINE line-poker; CD"),
    (IMESSAGE, PREVIEW, "iMessage; ref 14"),
    (
        "Snap URL Preview Service; bot; snapchat; https://developers.snap.com/robots",
        PREVIEW,
        "Snapchat preview; CD",
    ),
    ("Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)", PREVIEW, "vkShare; CD"),
    ("Iframely/1.3.1 (+https://iframely.com/docs/about) Atlassian", PREVIEW, "Iframely; CD"),
    (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/56.0.2924.87 Safari/537.36 Google-PageRenderer Google "
        "(+https://developers.google.com/+/web/snippet/)",
        PREVIEW,
        "Google-PageRenderer; CUA",
    ),
]

BOTS = [
    ("", BOT, "empty; ref 17.7"),
    ("   ", BOT, "blank; ref 17.7"),
    ("Facebot/1.0", BOT, "Facebot; ref 2.5 and 15: ads crawler, not a preview"),
    (
        "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)",
        BOT,
        "meta-externalagent; ref 2.5, CUA",
    ),
    (
        "meta-externalfetcher/1.1 "
        "(+https://developers.facebook.com/docs/sharing/webmasters/crawler)",
        BOT,
        "meta-externalfetcher; ref 2.5, CUA",
    ),
    (
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        BOT,
        "Googlebot; ref 14, CUA",
    ),
    (
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36 "
        "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        BOT,
        "Googlebot smartphone; Google crawler docs",
    ),
    (
        "Mozilla/5.0 (compatible; Google-InspectionTool/1.0)",
        BOT,
        "Google-InspectionTool; ref 14, CUA",
    ),
    (
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/W.X.Y.Z Mobile Safari/537.36 "
        "(compatible; Google-InspectionTool/1.0)",
        BOT,
        "Google-InspectionTool smartphone; CUA",
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/600.2.5 (KHTML, like Gecko) "
        "Version/8.0.2 Safari/600.2.5 (Applebot/0.1; +http://www.apple.com/go/applebot)",
        BOT,
        "Applebot; ref 14, CUA",
    ),
    (
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        BOT,
        "bingbot; ref 14",
    ),
    (
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36 "
        "(compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        BOT,
        "bingbot mobile; Bing webmaster docs",
    ),
    (
        "Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)",
        BOT,
        "DuckDuckBot; CUA",
    ),
    (
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; "
        "+https://openai.com/gptbot)",
        BOT,
        "GPTBot; CUA",
    ),
    ("CCBot/2.0 (https://commoncrawl.org/faq/)", BOT, "CCBot; CUA"),
    ("Barracuda Sentinel (EE)", BOT, "Barracuda Sentinel; JayBizzle/Crawler-Detect#552"),
    ("curl/8.4.0", BOT, "curl; ref 15"),
    ("curl/7.29.0", BOT, "curl old; CUA"),
    ("python-requests/2.31.0", BOT, "python-requests; ref 15"),
    ("python-requests/2.19.1", BOT, "python-requests old; CUA"),
    ("Python-urllib/2.6", BOT, "Python-urllib; CUA"),
    ("Python/3.9 aiohttp/3.7.3", BOT, "aiohttp; CUA"),
    ("Go-http-client/1.1", BOT, "Go-http-client 1.1; ref 15, CUA"),
    ("Go-http-client/2.0", BOT, "Go-http-client 2.0; CUA"),
    ("okhttp/3.5.0", BOT, "okhttp; ref 15, CUA"),
    ("http.rb/5.1.1", BOT, "http.rb without Mastodon; ref 15"),
    ("Wget/1.20.3 (linux-gnu)", BOT, "Wget; CUA"),
    ("axios/0.19.0", BOT, "axios; CUA"),
    ("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", BOT, "node-fetch; CUA"),
    ("Apache-HttpClient/4.3.3 (java 1.5)", BOT, "Apache-HttpClient; CUA"),
    ("2Bone_LinkChecker/1.0 libwww-perl/6.03", BOT, "libwww-perl; CUA"),
    ("Scrapy/1.0.3 (+http://scrapy.org)", BOT, "Scrapy; CUA"),
    (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/74.0.3729.169 Safari/537.36",
        BOT,
        "HeadlessChrome; CUA",
    ),
    (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/120.0.0.0 Safari/537.36 Puppeteer",
        BOT,
        "HeadlessChrome Puppeteer; CUA",
    ),
    (
        "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) "
        "PhantomJS/2.1.1 Safari/538.1 bl.uk_lddc_renderbot/2.0.0 "
        "(+ http://www.bl.uk/aboutus/legaldeposit/websites/websites/faqswebmaster/index.html)",
        BOT,
        "PhantomJS; CUA",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/144.0.0.0 Safari/537.36 ProxyChecker/2.0",
        BOT,
        "browser-like scanner; CD security.txt",
    ),
]

HUMANS = [
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/138.0.0.0 Safari/537.36",
        HUMAN,
        "Chrome Windows; reduced UA",
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        HUMAN,
        "Chrome macOS; reduced UA",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
        HUMAN,
        "Firefox Windows",
    ),
    (
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        HUMAN,
        "Firefox Linux",
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.6 Safari/605.1.15",
        HUMAN,
        "Safari macOS",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
        HUMAN,
        "Edge Windows",
    ),
    (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/138.0.0.0 Mobile Safari/537.36",
        HUMAN,
        "Chrome Android; reduced UA",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        HUMAN,
        "Safari iOS; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.1.50 "
        "(KHTML, like Gecko) CriOS/58.0.3029.113 Mobile/14D27 Safari/602.1",
        HUMAN,
        "Chrome iOS; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) FxiOS/130.1  Mobile/15E148 Safari/605.1.15",
        HUMAN,
        "Firefox iOS; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) EdgiOS/128.0.2739.82 Version/18.0 Mobile/15E148 Safari/604.1",
        HUMAN,
        "Edge iOS; spy",
    ),
    (
        "Mozilla/5.0 (Linux; Android 15; SAMSUNG SM-S928B) AppleWebKit/537.36 "
        "(KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36",
        HUMAN,
        "Samsung Internet",
    ),
    (
        "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0",
        HUMAN,
        "Firefox Android",
    ),
    (
        "Mozilla/5.0 (Linux; Android 11; Cubot X30 Build/RP1A.200720.011; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/91.0.4472.114 "
        "Mobile Safari/537.36",
        HUMAN,
        "Cubot phone, contains bot",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/22B83 [FBAN/FBIOS;FBAV/488.0.0.68.101;FBBV/658219612;"
        "FBDV/iPhone12,8;FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/2;FBID/phone;FBLC/en_US;FBOP/5;"
        "FBRV/0;IABMV/1]",
        HUMAN,
        "Facebook iOS FBAN; spy",
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.83 Mobile Safari/537.36 "
        "[FB_IAB/FB4A;FBAV/488.0.0.62.79;IABMV/1;]",
        HUMAN,
        "Facebook Android FB_IAB; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6_2 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/22G100 Safari/604.1 MetaIAB Facebook",
        HUMAN,
        "Facebook iOS MetaIAB; spy",
    ),
    (
        "Mozilla/5.0 (Linux; Android 10; MAR-LX1B Build/HUAWEIMAR-L21B; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/144.0.7559.117 Mobile Safari/537.36 IABMV/1 "
        "MetaIAB Facebook",
        HUMAN,
        "Facebook Android MetaIAB; in-app browser test list",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/22F76 Instagram 393.1.0.36.70 (iPhone15,3; iOS 18_5; en_US; "
        "en; scale=3.00; 1290x2796; IABMV/1; 776538208) Safari/604.1)",
        HUMAN,
        "Instagram iOS; spy",
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.58 Mobile Safari/537.36 "
        "Instagram 355.1.0.44.103 Android (34/14; 420dpi; 1080x2205; Google/google; Pixel 8; "
        "shiba; shiba; en_US; 658190016)",
        HUMAN,
        "Instagram Android; spy",
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.58 Mobile Safari/537.36 "
        "Barcelona 355.0.0.39.109 Android (34/14; 420dpi; 1080x2205; Google/google; Pixel 8; "
        "shiba; shiba; en_US; 657318936)",
        HUMAN,
        "Threads Android; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.30.1753",
        HUMAN,
        "LinkedIn iOS; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.3.12 "
        "(KHTML, like Gecko) Mobile/14D27 Twitter for iPhone",
        HUMAN,
        "X iOS; spy",
    ),
    (
        "Mozilla/5.0 (Linux; Android 11; SM-G998U Build/RP1A.200720.012; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/91.0.4472.101 Mobile Safari/537.36 "
        "TwitterAndroid",
        HUMAN,
        "X Android; in-app browser test list",
    ),
    (
        "Mozilla/5.0 (Linux; Android 7.1.2; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/119.0.6045.193 Mobile Safari/537.36 Telegram-Android/11.4.3 "
        "(Samsung SM-G965N; Android 7.1.2; SDK 25; LOW)",
        HUMAN,
        "Telegram Android; format set in Telegram-Android's WebView",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Mobile/22B5045g Safari/604.1",
        HUMAN,
        "Telegram iOS, same as Safari; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 26_0_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/26.0.1 Mobile/15E148 Safari/604.1 [WAiOS/2.25.31]",
        HUMAN,
        "WhatsApp iOS in-app; spy, faisalman/ua-parser-js#841",
    ),
    (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/141.0.7390.124 Mobile Safari/537.36 [WA4A/2.25.32.75;]",
        HUMAN,
        "WhatsApp Android in-app; spy, faisalman/ua-parser-js#841",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Snapchat/12.72.0.39 "
        "(like Safari/8617.2.4.10.8, panda)",
        HUMAN,
        "Snapchat iOS; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 BytedanceWebview/d8a21c6 musical_ly_33.2.1 JsSdk/2.0 "
        "NetType/WIFI Channel/App Store ByteLocale/en Region/US "
        "FalconTag/BDB55B46-0286-4504-847E-C8300CB9F79D",
        HUMAN,
        "TikTok iOS; spy",
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240105.004; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/121.0.6167.143 Mobile Safari/537.36 "
        "musical_ly_2023303040 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly "
        "app_version/33.3.4 ByteLocale/en ByteFullLocale/en Region/US AppId/1233 "
        "Spark/1.5.0.5-alpha.2 AppVersion/33.3.4 BytedanceWebview/d8a21c6",
        HUMAN,
        "TikTok Android; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) GSA/334.0.674067880 Mobile/15E148 Safari/604.1",
        HUMAN,
        "Google app iOS GSA; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.4.6 "
        "(KHTML, like Gecko) Mobile/14D27 MicroMessenger/6.5.8 NetType/WIFI Language/zh_CN",
        HUMAN,
        "WeChat iOS; spy",
    ),
    (
        "Mozilla/5.0 (Linux; Android 6.0.1; D6653 Build/23.5.A.0.575; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/58.0.3029.83 Mobile Safari/537.36 "
        "MicroMessenger/6.5.7.1041 NetType/WIFI Language/zh_TW",
        HUMAN,
        "WeChat Android; spy",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.4.6 "
        "(KHTML, like Gecko) Mobile/14D27 Safari Line/7.3.2",
        HUMAN,
        "LINE iOS; spy",
    ),
    (
        "Mozilla/5.0 (iPad; CPU OS 8_4_1 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) "
        "Mobile/12H321 [Pinterest/iOS]",
        HUMAN,
        "Pinterest iOS in-app; public UA lists",
    ),
    (
        "Mozilla/5.0 (Linux; Android 10; Redmi Note 7 Build/QKQ1.190920.002; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/81.0.4044.138 "
        "Mobile Safari/537.36 Viber/14.7.0.4",
        HUMAN,
        "Viber Android in-app; public UA lists",
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.58 Mobile Safari/537.36 "
        "Reddit/Version 2024.41.0/Build 2102450/Android 14",
        HUMAN,
        "Reddit Android; spy",
    ),
]

USER_AGENTS: list[tuple[str, Verdict, str]] = PREVIEWS + BOTS + HUMANS
