"""Article safety, decided on the HTML a reader's browser receives, not on source lines.

Each article body is rendered with the site's own Markdown configuration (kb.render),
before our widgets are expanded, and parsed as browsers parse HTML (justhtml, the
WHATWG algorithm). Then, against allowlists of formatting elements, attributes and
URL schemes:

- `unsafe-html`: an element outside the allowlist (script, style, iframe, object,
  form, base, meta, SVG animation...), an on* event handler, any other attribute
  outside the allowlist, a style attribute that runs script;
- `unsafe-url`: a URL whose scheme, once decoded as the browser decodes it (entities,
  tabs and newlines removed, any case), is not http, https, mailto or tel;
- `external-url`: an absolute or protocol-relative URL (a link, an image, srcset,
  poster, CSS url()) to a host that is not in mkdocs.yml's extra.kb.allowed_hosts.

A problem is reported at the first source line at which rendering the article up to
that line produces it: the line of a raw tag, of an attribute list, of a reference
definition."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from justhtml import JustHTML

from kb.findings import Finding
from kb.pages import Page

HTML_NS, SVG_NS = "html", "svg"

# Formatting elements articles and our Markdown extensions use (tables, admonitions,
# details, tabbed sets, footnotes, abbreviations, task lists, figures, media).
HTML_ELEMENTS = frozenset("""
    a abbr b bdi bdo blockquote br caption cite code col colgroup data dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p picture pre q rp rt ruby
    s samp small source span strong sub summary sup table tbody td tfoot th thead time tr track u ul var
    video audio wbr""".split())
# Inline SVG as Material's icons and shapes draw it; no script, animation, foreignObject or style.
SVG_ELEMENTS = frozenset("""
    svg g path circle ellipse line polyline polygon rect title desc defs symbol use lineargradient
    radialgradient stop clippath mask""".split())
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "style", "role"})
HTML_ATTRIBUTES = {
    "a": {"href", "name", "rel", "hreflang", "type"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"src", "srcset", "sizes", "type", "media", "width", "height"},
    "video": {"src", "poster", "controls", "width", "height", "muted", "loop", "playsinline", "preload"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align", "headers"},
    "th": {"colspan", "rowspan", "align", "headers", "scope", "abbr"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
    "div": {"data-tabs"},  # pymdownx.tabbed
    "input": {"type", "checked", "disabled", "name"},  # tabbed sets' radio buttons, task lists' boxes
    "label": {"for"},
    "blockquote": {"cite"}, "q": {"cite"},
    "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"}, "data": {"value"},
}
INPUT_TYPES = frozenset({"checkbox", "radio"})
SVG_ATTRIBUTES = frozenset("""
    viewbox xmlns xmlns:xlink width height x y x1 y1 x2 y2 cx cy r rx ry d points fill fill-rule
    fill-opacity clip-rule clip-path stroke stroke-width stroke-linecap stroke-linejoin stroke-opacity
    stroke-dasharray stroke-dashoffset stroke-miterlimit opacity transform preserveaspectratio offset
    stop-color stop-opacity gradientunits gradienttransform focusable mask href xlink:href""".split())

# Elements that run or load code, or change the page around them: named as such in messages.
RUNS_CODE = frozenset("""
    script noscript style iframe frame frameset object embed applet portal fencedframe base meta link form
    button template animate animatemotion animatetransform set foreignobject handler listener image feimage
    maction annotation-xml math""".split())

# Attributes that hold a URL, on any element; SVG animation sets any attribute (href too) to these.
URL_ATTRIBUTES = frozenset("""
    href src action formaction xlink:href srcset imagesrcset poster cite background data codebase longdesc
    lowsrc dynsrc ping manifest icon archive classid profile usemap xml:base""".split())
ANIMATION_ELEMENTS = frozenset({"animate", "set", "animatemotion", "animatetransform"})
ANIMATION_VALUES = frozenset({"values", "to", "from", "by"})
# Attributes whose URL the browser fetches as the page loads (the rest are followed on a click).
LOADING_ATTRIBUTES = frozenset("""
    src srcset imagesrcset poster background data codebase lowsrc dynsrc archive classid manifest icon
    profile""".split())

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
HOST_SCHEMES = frozenset({"http", "https"})
CODE_SCHEMES = frozenset({"javascript", "vbscript", "data"})

# What browsers drop from a URL before reading it: leading and trailing C0 controls and spaces...
URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
# ...and every tab and newline inside it.
URL_INNER = re.compile(r"[\t\n\r]")
# A scheme: a letter, then letters, digits, +, - or ., then ':'.
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Where a URL's authority ends.
AUTHORITY_END = re.compile(r"[/\\?#]")
# A CSS escape: a backslash and 1 to 6 hex digits with one optional space, or any other character.
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
# A CSS comment.
CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
# A URL in CSS: url(...) or src(...), quoted or not; image-set's and @import's bare strings.
CSS_URL = re.compile(r"""(?:url|src)\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)|(?:image-set\(|@import)\s*(?:"([^"]*)"|'([^']*)')""",
                     re.I)
# CSS that runs script in old browsers: expression(), behavior:, -moz-binding:.
CSS_SCRIPT = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding\s*:", re.I)

# A host name for extra.kb.allowed_hosts: dot-separated labels of letters, digits and inner hyphens.
HOST_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$", re.I)
# The allowed_hosts key's line in mkdocs.yml.
HOSTS_KEY = re.compile(r"^\s*allowed_hosts\s*:")

Problem = tuple[str, str]  # (rule, message)
Render = Callable[[str], str]

ADVICE_HTML = "articles may use only formatting HTML; to show it, write it as `inline code`"
ADVICE_LINK = "link to a page of the help center with a relative link instead"
ADVICE_HOSTS = "or add the host to extra.kb.allowed_hosts in mkdocs.yml"


def allowed_hosts(value: object, config: str, config_text: str) -> tuple[frozenset[str], list[Finding]]:
    """The hosts of extra.kb.allowed_hosts, and a finding at its line when it is not a list of host names."""
    names = value if isinstance(value, list) else []
    hosts = frozenset(name.lower() for name in names if isinstance(name, str) and HOST_NAME.match(name))
    if value is None or (isinstance(value, list) and len(hosts) == len(names)):
        return hosts, []
    line = next((number for number, text in enumerate(config_text.split("\n"), 1) if HOSTS_KEY.match(text)), 1)
    return hosts, [Finding(config, line, "allowed-hosts", f"extra.kb.allowed_hosts must be a list of host names "
                                                          f"such as docs.kestrel.example (no scheme, port or path), "
                                                          f"found {value!r}")]


def url_parts(value: str) -> tuple[str | None, str | None]:
    """(scheme in lower case or None when relative, host or None) of a URL as a browser reads it."""
    url = URL_INNER.sub("", URL_EDGES.sub("", value))
    match = SCHEME.match(url)
    scheme = match.group(1).lower() if match else None
    rest = url[match.end():] if match else url
    if scheme in HOST_SCHEMES or (scheme is None and rest[:2] in {"//", "\\\\", "/\\", "\\/"}):
        authority = AUTHORITY_END.split(rest.lstrip("/\\"), maxsplit=1)[0]
        host = authority.rpartition("@")[2]
        host = host[: host.index("]") + 1] if host.startswith("[") and "]" in host else host.partition(":")[0]
        return scheme, host.lower().rstrip(".")
    return scheme, None


def url_problem(where: str, value: str, hosts: frozenset[str], loads: bool) -> Problem | None:
    """The problem with one URL at `where` (e.g. '<img src>'), or None when it is allowed."""
    scheme, host = url_parts(value)
    shown = URL_EDGES.sub("", value)
    if scheme is not None and scheme not in SAFE_SCHEMES:
        risk = "runs code" if scheme in CODE_SCHEMES else "is not allowed (only relative URLs, http, https, mailto and tel)"
        return "unsafe-url", f"{where} {shown!r} uses the URL scheme {scheme}:, which {risk}; {ADVICE_LINK}"
    if host is None or host in hosts:
        return None
    if loads:
        return "external-url", (f"{where} makes every reader's browser request {shown} from {host or 'another host'}; "
                                f"put the file under docs/ and use a relative path, {ADVICE_HOSTS}")
    return "external-url", f"{where} leads to {shown} on {host or 'another host'}; {ADVICE_LINK}, {ADVICE_HOSTS}"


def srcset_urls(value: str) -> Iterator[str]:
    """The URLs of a srcset: each candidate is a URL (no spaces) and optional descriptors, comma-separated."""
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            yield words[0]


def css_unescape(css: str) -> str:
    def one(match: re.Match) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)
    return CSS_ESCAPE.sub(one, CSS_COMMENT.sub("", css))


def style_problems(where: str, css: str, hosts: frozenset[str]) -> Iterator[Problem]:
    text = css_unescape(css)
    if CSS_SCRIPT.search(text):
        yield "unsafe-html", f"{where} uses expression(), behavior or -moz-binding, which run script; remove it"
    for match in CSS_URL.finditer(text):
        url = next(group for group in match.groups() if group is not None)
        problem = url_problem(f"{where} url()", url, hosts, loads=True)
        if problem:
            yield problem


def attribute_problems(tag: str, namespace: str, allowed: bool, attrs: dict[str, str | None],
                       hosts: frozenset[str]) -> Iterator[Problem]:
    for name, value in attrs.items():
        name, value = name.lower(), value or ""
        where = f"<{tag} {name}>"
        if name.startswith("on"):
            yield "unsafe-html", f"event handler attribute {name}= runs script; remove it"
            continue
        if name in URL_ATTRIBUTES or (tag in ANIMATION_ELEMENTS and name in ANIMATION_VALUES):
            urls = (srcset_urls(value) if name in {"srcset", "imagesrcset"}
                    else value.split(";") if name in ANIMATION_VALUES else [value])
            loads = name in LOADING_ATTRIBUTES or (namespace == SVG_NS and tag == "use")
            for url in urls:
                problem = url_problem(where, url, hosts, loads)
                if problem:
                    yield problem
        if name == "style":
            yield from style_problems(f"<{tag} style>", value, hosts)
        if allowed and not attribute_allowed(tag, namespace, name):
            yield "unsafe-html", f"attribute {name}= is not allowed on <{tag}>; {ADVICE_HTML}"
    if allowed and tag == "input" and (attrs.get("type") or "").lower() not in INPUT_TYPES:
        yield "unsafe-html", f"<input type=\"{attrs.get('type') or 'text'}\"> is not allowed; only checkboxes and radio buttons"


def attribute_allowed(tag: str, namespace: str, name: str) -> bool:
    if name in GLOBAL_ATTRIBUTES or name.startswith("aria-"):
        return True
    if namespace == SVG_NS:
        return name in SVG_ATTRIBUTES
    return name in HTML_ATTRIBUTES.get(tag, ())


def element_allowed(tag: str, namespace: str) -> bool:
    return tag in (SVG_ELEMENTS if namespace == SVG_NS else HTML_ELEMENTS if namespace == HTML_NS else ())


def emoji_problem(attrs: dict[str, str | None], hosts: frozenset[str]) -> Problem | None:
    """An emoji shortcode (:smile:) that pymdownx.emoji turned into an image from its CDN."""
    scheme, host = url_parts(attrs.get("src") or "")
    if host is None or host in hosts:
        return None
    return "external-url", (f"emoji {attrs.get('title') or ''} loads its image from {host}, another host; "
                            f"type the emoji character itself ({attrs.get('alt') or ''}) instead")


def problems(html: str, hosts: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of a rendered article body, in document order."""
    found: list[Problem] = []
    pending = list(reversed(JustHTML(html, fragment=True, sanitize=False).root.children or []))
    while pending:
        node = pending.pop()
        attrs = getattr(node, "attrs", None)
        if attrs is not None:
            tag, namespace = node.name.lower(), node.namespace
            allowed = element_allowed(tag, namespace)
            if not allowed:
                why = "can load or run code" if tag in RUNS_CODE else "is not formatting HTML"
                found.append(("unsafe-html", f"tag <{tag}> {why}; {ADVICE_HTML}"))
            own = list(attribute_problems(tag, namespace, allowed, attrs, hosts))
            emoji = emoji_problem(attrs, hosts) if tag == "img" and "twemoji" in (attrs.get("class") or "") else None
            if emoji:  # one finding that names the shortcode, instead of the image's URL
                own = [emoji] + [problem for problem in own if not problem[1].startswith("<img src> makes")]
            found.extend(own)
        children = list(node.children or [])
        content = getattr(node, "template_content", None)
        if content is not None:
            children += list(content.children or [])
        pending.extend(reversed(children))
    return found


def source_lines(body: str, render: Render, found: Iterable[Problem], hosts: frozenset[str]) -> list[int]:
    """For each problem (in document order), the 1-based body line at which rendering the body up to it
    first yields that problem (its n-th occurrence for the n-th): found by bisection over prefixes."""
    lines = body.split("\n")
    counts: dict[int, Counter] = {}

    def count(end: int) -> Counter:
        if end not in counts:
            counts[end] = Counter(problems(render("\n".join(lines[:end])), hosts))
        return counts[end]

    located, seen = [], Counter()
    for problem in found:
        seen[problem] += 1
        low, high = 1, len(lines)
        while low < high:
            middle = (low + high) // 2
            if count(middle)[problem] >= seen[problem]:
                high = middle
            else:
                low = middle + 1
        located.append(low)
    return located


@lru_cache(maxsize=1 << 12)
def _check(path: str, body: str, body_line: int, render: Render, hosts: frozenset[str]) -> tuple[Finding, ...]:
    found = problems(render(body), hosts)
    lines = source_lines(body, render, found, hosts)
    return tuple(sorted({Finding(path, body_line + line - 1, rule, message)
                         for (rule, message), line in zip(found, lines)}))


def check(page: Page, render: Render, hosts: Iterable[str] = ()) -> list[Finding]:
    """Findings for one article; unchanged articles are not rendered again (`kb serve` rebuilds)."""
    return list(_check(page.path, page.body, page.body_line, render, frozenset(hosts)))
