"""Each rule of the classifier: the robots it sets apart and the people it must not flag.

The user agents are real ones from the corpus (corpus/README.md says where each comes from)
unless their comment says they are made up to reach one rule alone.
"""

import pytest

from sharekits.clicks.agents import PREVIEW_FETCHER_TOKENS, is_preview_fetcher
from sharekits.clicks.classify import Verdict, _generic_robot, classify_user_agent
from sharekits.clicks.robot_lists import ROBOT_LISTS

CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.58 Mobile Safari/537.36"
)

ROBOTS_THE_OLD_RULES_MISSED = [
    # uptime monitors and health checks
    "Amazon-Route53-Health-Check-Service (ref c96ad03c-acdf-48c6-8ec7-45806bf08123; "
    "report http://amzn.to/1vsZADi)",
    "Datadog Agent/7.69.2",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/138.0.7204.168 Safari/537.36 DatadogSynthetics",
    "Blackbox Exporter/0.24.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/134.0.6998.35 Safari/537.36 (Checkly, https://www.checklyhq.com)",
    "collectd/5.5.1",
    # security scanners
    "Mozilla/5.0 (compatible; Nessus; http://www.nessus.org)",
    "Mozilla/5.0 (compatible; Qualys; +https://www.qualys.com/)",
    "Mozilla/5.0 zgrab/0.x",
    "Nuclei (@pdiscoveryio)",
    # feed readers and podcast apps fetching on their own
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)",
    "Overcast/1.0 Podcast Sync (123 subscribers; feed-id=456789; +http://overcast.fm/)",
    "Podcasts/1410.53 CFNetwork/1111 Darwin/19.0.0 (x86_64)",
    "iHeartPodcasts/1.1.0 (Android 10; SM-A505FN Build/QP1A.190711.020)",
    # AI agents fetching for someone
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Perplexity-User/1.0; "
    "+https://perplexity.ai/perplexity-user)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Gemini-Deep-Research; "
    "+https://gemini.google/overview/deep-research/) Chrome/135.0.0.0 Safari/537.36",
    "cohere-ai",
    "anthropic-ai",
    # automation and headless browsers
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Playwright/1.40.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36; Selenium",
    "colly/2.1.0",
    # link checkers
    "OpenGraphCheck/2.1 (+https://opengraphcheck.com)",
]


@pytest.mark.parametrize("user_agent", ROBOTS_THE_OLD_RULES_MISSED)
def test_robots_of_every_kind_are_set_apart(user_agent):
    assert classify_user_agent(user_agent)[0] == Verdict.BOT


PEOPLE = [
    CHROME_ANDROID,  # an Android WebView: "; wv)"
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Mobile/22B83 [FBAN/FBIOS;FBAV/488.0.0.68.101;FBBV/658219612;FBDV/iPhone12,8;"
    "FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/2;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0;IABMV/1]",
    CHROME_ANDROID + " Instagram 355.1.0.44.103 Android (34/14; 420dpi; 1080x2205; "
    "Google/google; Pixel 8; shiba; shiba; en_US; 658190016)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Mobile/15E148 [LinkedInApp]/9.30.1753",
    CHROME_ANDROID + " musical_ly_2023303040 JsSdk/1.0 NetType/WIFI Channel/googleplay "
    "AppName/musical_ly app_version/33.3.4 ByteLocale/en BytedanceWebview/d8a21c6",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/141.0.7390.124 Mobile Safari/537.36 [WA4A/2.25.32.75;]",
    # Sogou's browser and Blackboard's app: crawler-user-agents lists "Sogou", "Blackboard"
    "Mozilla/5.0 (Linux; Android 8.0.0; XT1710-08; Build/OCN27.59-30-4; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/46.0.2490.92 Mobile Safari/537.36 "
    "SogouMSE,SogouMobileBrowser/5.22.8",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 11_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Mobile/15E216 Blackboard/3.6.1",
    # smart TVs and consoles
    "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chr0me/108.0.5359.211 Safari/537.36 LG Browser/8.00.00(LGE; 43UT81006LA; 23.20.65; "
    "0x00000001; DTV_W24P); webOS.TV-2022; LG NetCast.TV-2013 Compatible (LGE, 43UT81006LA, wired)",
    "Mozilla/5.0 (Linux; Andr0id 10; BRAVIA 4K VH2) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/84.0.4147.125 Safari/537.36 OPR/46.0.2207.0 OMI/4.21.0.273.DIA6.106 HbbTV/1.5.1 "
    "( DRM; Sony; BRAVIA_VH2; unknown; unknown; mt5895; ) FVC/6.0 (Sony;mt5895;)",
    "HbbTV/1.5.1 (+DRM;Panasonic;SmartTV2020mid;0.323;4901-0003 0008-0000;"
    "com.panasonic.SmartTV2020mid;)",
    "Roku/DVP-7.70 (297.70E04154A)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox Series X) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/48.0.2564.82 Safari/537.36 Edge/20.02",
    "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/13.0 Safari/605.1.15",
    # phones whose browser does not start with "Mozilla/"
    "Opera/9.80 (BREW; Opera Mini/5.1/27.2338; U; xx) Presto/2.8.119 320X240 ZTE F-450",
    "Nokia210/2.0 (04.12) Profile/MIDP-2.1 Configuration/CLDC-1.1 UCWEB/2.0 (Java; U; MIDP-2.0; "
    "en-US; Nokia210) U2/1.0.0 UCBrowser/9.3.0.326 U2/1.0.0 Mobile",
    "SIE-S65/12 UP.Browser/7.0.0.1.c3 (GUI) MMP/2.0 Profile/MIDP-2.0 Configuration/CLDC-1.1",
    "Dalvik/2.1.0 (Linux; U; Android 10; moto g(8) play Build/QMDS30.47-19-4)",
]


@pytest.mark.parametrize("user_agent", PEOPLE)
def test_people_on_phones_tvs_consoles_and_in_apps_are_people(user_agent):
    assert classify_user_agent(user_agent)[0] == Verdict.HUMAN
    assert not is_preview_fetcher(user_agent)


@pytest.mark.parametrize(
    "user_agent",
    [  # phones named like robots: their maker's name is not the robot's
        "Mozilla/5.0 (Linux; Android 7.0; C Bot Tab 100) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/74.0.3729.157 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; Spider 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 4.2.2; HTC Butterfly Build/JDQ39) AppleWebKit/537.36 (KHTML, "
        "like Gecko) Chrome/30.0.1599.92 Mobile Safari/537.36",
        "Dalvik/2.1.0 (Linux; U; Android 6.0; CUBOT_NOTE_S Build/MRA58K)",
    ],
)
def test_robot_names_in_a_phone_model_do_not_make_a_robot(user_agent):
    assert classify_user_agent(user_agent)[0] == Verdict.HUMAN


@pytest.mark.parametrize(
    ("user_agent", "family"),
    [  # made up: robots no list names, each caught by one generic signal
        ("Zorblax-Scan/2.0 (internal)", "Zorblax-Scan"),
        ("Mozilla/5.0 (compatible; Zorblax/1.0; +https://zorblax.example/about)", "Mozilla"),
        ("Mozilla/5.0 (compatible; Zorblax/1.0; mailto:ops@zorblax.example)", "Mozilla"),
        ("Zorblax/3.1 (Linux; Android 14)", "Zorblax"),
        ("Zorblax/812 CFNetwork/1410.0.3 Darwin/22.6.0", "Zorblax"),
    ],
)
def test_generic_signals_catch_robots_no_list_knows(user_agent, family):
    assert ROBOT_LISTS.match(user_agent) is None
    assert _generic_robot(user_agent, user_agent.lower()) == family
    assert classify_user_agent(user_agent) == (Verdict.BOT, family)


def test_an_app_name_with_a_robots_address_is_a_robot():
    user_agent = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 7_0 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like "
        "Gecko) Mobile/11A465 Twitter for iPhone BrandVerity/1.0 (http://www.brandverity.com/)"
    )
    assert classify_user_agent(user_agent)[0] == Verdict.BOT


@pytest.mark.parametrize(
    ("user_agent", "family"),
    [
        (
            "Mozilla/5.0 (compatible; Yahoo Link Preview; https://help.yahoo.com/kb/mail/)",
            "Yahoo Link Preview",
        ),
        (
            "facebookexternalhit/1.1; kakaotalk-scrap/1.0; +https://devtalk.kakao.com/",
            "KakaoTalk preview",
        ),
        ("ViberUrlDownloader", "Viber preview"),
        ("WhatsApp/2", "WhatsApp preview"),  # Signal's previews say WhatsApp
        (
            "Mozilla/5.0 (Windows NT 6.1; rv:6.0) Gecko/20110814 Firefox/6.0 Google (+https://developers.google.com/+/web/snippet/)",
            "Google snippet",
        ),
    ],
)
def test_new_preview_fetchers_are_previews(user_agent, family):
    assert classify_user_agent(user_agent) == (Verdict.PREVIEW, family)
    assert is_preview_fetcher(user_agent)


def test_the_preview_list_lives_in_clicks_and_the_links_part_uses_it():
    from sharekits.links import previews

    assert previews.is_preview_fetcher is is_preview_fetcher
    assert "kakaotalk-scrap" in PREVIEW_FETCHER_TOKENS
