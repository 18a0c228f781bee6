"""Article safety, decided on the HTML a reader's browser receives, not on source lines.

Each article body is rendered with the site's own Markdown configuration (kb.core.render),
before our widgets are expanded, and parsed as browsers parse HTML (justhtml, the
WHATWG algorithm). Then, against allowlists of formatting elements, attributes and
URL schemes:

- `unsafe-html`: an element outside the allowlist (script, style, iframe, object,
  form, base, meta, SVG animation...), an on* event handler, any other attribute
  outside the allowlist, a style attribute that runs script;
- `unsafe-url`: a URL whose scheme, once decoded as the browser decodes it (entities,
  tabs and newlines removed, any case), is not http, https, mailto or tel;
- `external-url`: an absolute or protocol-relative URL (a link, an image, srcset,
  poster, CSS url()) to a host that is not in mkdocs.yml's extra.kb.allowed_hosts;
- `unsafe-style`: a style attribute that sets anything but a few text properties
  (nothing that positions, layers or loads: no position, z-index, url()...), or an SVG
  presentation attribute that loads a file with url().

The same rules judge every built page as the reader receives it (`page_problems`), after
placeholders, widgets, notices and every hook: the article region, our widgets' markup
added, held to the allowlists; the rest of the page (the theme's header, navigation and
footer, where titles and strings land) may not hold an event handler, a URL of another
scheme or host, a frame or plugin, a <meta>, <link> or <style> outside <head>, or a script
other than a file of the site, the theme's configuration data and the inline scripts our
templates write (kb.output.csp.Trusted). `trace` finds the source line a finding came from.

A problem is reported at the first source line at which rendering the article up to
that line produces it: the line of a raw tag, of an attribute list, of a reference
definition."""

from __future__ import annotations

import html as html_module
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from justhtml import JustHTML
from selectolax.lexbor import LexborHTMLParser, LexborNode

from kb.core.findings import Finding
from kb.core.pages import Page
from kb.output import csp

HTML_NS, SVG_NS = "html", "svg"

# Formatting elements articles and our Markdown extensions use (tables, admonitions,
# details, tabbed sets, footnotes, abbreviations, task lists, figures, media).
HTML_ELEMENTS = frozenset(
    """
    a abbr b bdi bdo blockquote br caption cite code col colgroup data dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p picture pre q rp rt ruby
    s samp small source span strong sub summary sup table tbody td tfoot th thead time tr track u ul var
    video audio wbr""".split()
)
# Inline SVG as Material's icons and shapes draw it; no script, animation, foreignObject or style.
SVG_ELEMENTS = frozenset(
    """
    svg g path circle ellipse line polyline polygon rect title desc defs symbol use lineargradient
    radialgradient stop clippath mask""".split()
)
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
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "div": {"data-tabs"},  # pymdownx.tabbed
    "input": {"type", "checked", "disabled", "name"},  # tabbed sets' radio buttons, task lists' boxes
    "label": {"for"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "data": {"value"},
}
INPUT_TYPES = frozenset({"checkbox", "radio"})
# What our widgets (kb.features.widgets, kb.features.troubleshooter, the helpful widget) and notices add to the
# article region of a built page: forms of their own, with data-kb-* attributes for kb.js.
WIDGET_ELEMENTS = frozenset("article aside section nav form fieldset legend select option textarea button".split())
WIDGET_ATTRIBUTES = {
    "form": {"novalidate"},
    "button": {"type"},
    "select": {"name", "required"},
    "option": {"value", "selected"},
    "textarea": {"name", "rows", "required"},
    "input": {"value", "required", "autocomplete", "spellcheck"},
    "a": {"download"},
}
WIDGET_GLOBAL_ATTRIBUTES = frozenset({"hidden", "tabindex", "data-search-exclude"})  # labels are not searched
WIDGET_INPUT_TYPES = INPUT_TYPES | {"date", "text", "search"}
# Elements the theme's frame (head, header, navigation, footer) is made of, besides the article's.
FRAME_ELEMENTS = frozenset(
    "html head body title meta link script noscript style header footer main aside label".split()
)
# Elements that belong in <head> and nowhere else (in the body, a <meta> can redirect, a <link> load).
HEAD_ONLY = frozenset({"title", "meta", "link", "style", "noscript"})
# Elements that never belong on a page: frames, plugins, another base URL, SVG animation and foreign content.
NEVER = frozenset(
    """
    iframe frame frameset object embed applet portal fencedframe base animate animatemotion animatetransform set
    foreignobject handler listener image feimage maction annotation-xml math template""".split()
)
# Script data blocks the theme writes (Material's configuration, the feedback settings), each once.
DATA_SCRIPTS = frozenset({"__config", "kb-feedback"})
# CSS properties content may set: text and colour, nothing that positions, layers, sizes or loads.
STYLE_PROPERTIES = frozenset(
    """
    text-align vertical-align color background-color font-weight font-style font-variant text-decoration
    text-decoration-line text-decoration-color text-decoration-style text-transform white-space
    list-style-type direction unicode-bidi""".split()
)
# A CSS function a colour may use; any other (url, image-set, var, attr, expression...) is refused.
STYLE_FUNCTION = re.compile(r"([a-z-]*)\s*\(", re.I)
COLOUR_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch"})
# url() in an SVG presentation attribute; url(#id) points into the page and loads nothing.
SVG_URL = re.compile(r"url\(\s*(?![\"']?#)", re.I)
SVG_ATTRIBUTES = frozenset(
    """
    viewbox xmlns xmlns:xlink width height x y x1 y1 x2 y2 cx cy r rx ry d points fill fill-rule
    fill-opacity clip-rule clip-path stroke stroke-width stroke-linecap stroke-linejoin stroke-opacity
    stroke-dasharray stroke-dashoffset stroke-miterlimit opacity transform preserveaspectratio offset
    stop-color stop-opacity gradientunits gradienttransform focusable mask href xlink:href""".split()
)

# Elements that run or load code, or change the page around them: named as such in messages.
RUNS_CODE = frozenset(
    """
    script noscript style iframe frame frameset object embed applet portal fencedframe base meta link form
    button template animate animatemotion animatetransform set foreignobject handler listener image feimage
    maction annotation-xml math""".split()
)

# Attributes that hold a URL, on any element; SVG animation sets any attribute (href too) to these.
URL_ATTRIBUTES = frozenset(
    """
    href src action formaction xlink:href srcset imagesrcset poster cite background data codebase longdesc
    lowsrc dynsrc ping manifest icon archive classid profile usemap xml:base""".split()
)
ANIMATION_ELEMENTS = frozenset({"animate", "set", "animatemotion", "animatetransform"})
ANIMATION_VALUES = frozenset({"values", "to", "from", "by"})
# Attributes whose URL the browser fetches as the page loads (the rest are followed on a click).
LOADING_ATTRIBUTES = frozenset(
    """
    src srcset imagesrcset poster background data codebase lowsrc dynsrc archive classid manifest icon
    profile""".split()
)

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
CSS_URL = re.compile(
    r"""(?:url|src)\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)|(?:image-set\(|@import)\s*(?:"([^"]*)"|'([^']*)')""", re.I
)
# CSS that runs script in old browsers: expression(), behavior:, -moz-binding:.
CSS_SCRIPT = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding\s*:", re.I)

# A host name for extra.kb.allowed_hosts: dot-separated labels of letters, digits and inner hyphens.
HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$", re.I
)
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
    return hosts, [
        Finding(
            config,
            line,
            "allowed-hosts",
            f"extra.kb.allowed_hosts must be a list of host names "
            f"such as docs.kestrel.example (no scheme, port or path), "
            f"found {value!r}",
        )
    ]


def url_parts(value: str) -> tuple[str | None, str | None]:
    """(scheme in lower case or None when relative, host or None) of a URL as a browser reads it."""
    url = URL_INNER.sub("", URL_EDGES.sub("", value))
    match = SCHEME.match(url)
    scheme = match.group(1).lower() if match else None
    rest = url[match.end() :] if match else url
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
        risk = (
            "runs code"
            if scheme in CODE_SCHEMES
            else "is not allowed (only relative URLs, http, https, mailto and tel)"
        )
        return "unsafe-url", f"{where} {shown!r} uses the URL scheme {scheme}:, which {risk}; {ADVICE_LINK}"
    if host is None or host in hosts:
        return None
    if loads:
        return "external-url", (
            f"{where} makes every reader's browser request {shown} from {host or 'another host'}; "
            f"put the file under docs/ and use a relative path, {ADVICE_HOSTS}"
        )
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
    for declaration in text.split(";"):
        name, colon, value = declaration.partition(":")
        name = name.strip().lower()
        if not name and not value.strip():
            continue
        if not colon or name not in STYLE_PROPERTIES:
            yield (
                "unsafe-style",
                (
                    f"{where} sets {name or declaration.strip()!r}, which content may not set (it can "
                    f"move, cover or load); only {', '.join(sorted(STYLE_PROPERTIES))}"
                ),
            )
            continue
        functions = {function.lower() for function in STYLE_FUNCTION.findall(value)}
        if functions - COLOUR_FUNCTIONS or "@" in value:
            shown = ", ".join(sorted(f"{f}()" for f in functions - COLOUR_FUNCTIONS)) or "@"
            yield "unsafe-style", f"{where} {name}: uses {shown}; content styles take plain values and colours only"


def attribute_problems(
    tag: str, namespace: str, allowed: bool, attrs: dict[str, str | None], hosts: frozenset[str], widgets: bool = False
) -> Iterator[Problem]:
    """`allowed`: the element is held to the allowlists (outside the article, only to the rules that
    concern code, URLs and style); `widgets`: our widgets' vocabulary is allowed too."""
    for name, value in attrs.items():
        name, value = name.lower(), value or ""
        where = f"<{tag} {name}>"
        if name.startswith("on"):
            yield "unsafe-html", f"event handler attribute {name}= runs script; remove it"
            continue
        if name in URL_ATTRIBUTES or (tag in ANIMATION_ELEMENTS and name in ANIMATION_VALUES):
            urls = (
                srcset_urls(value)
                if name in {"srcset", "imagesrcset"}
                else value.split(";")
                if name in ANIMATION_VALUES
                else [value]
            )
            loads = name in LOADING_ATTRIBUTES or (namespace == SVG_NS and tag == "use")
            for url in urls:
                problem = url_problem(where, url, hosts, loads)
                if problem:
                    yield problem
        if name == "style":
            yield from style_problems(f"<{tag} style>", value, hosts)
        elif namespace == SVG_NS and SVG_URL.search(css_unescape(value)):
            yield (
                "unsafe-style",
                f"<{tag} {name}> uses url(), which loads a file; use a colour or url(#id) of the drawing",
            )
        if allowed and not attribute_allowed(tag, namespace, name, widgets):
            yield "unsafe-html", f"attribute {name}= is not allowed on <{tag}>; {ADVICE_HTML}"
    types = WIDGET_INPUT_TYPES if widgets else INPUT_TYPES
    if allowed and tag == "input" and (attrs.get("type") or "").lower() not in types:
        yield (
            "unsafe-html",
            f'<input type="{attrs.get("type") or "text"}"> is not allowed; only checkboxes and radio buttons',
        )


def attribute_allowed(tag: str, namespace: str, name: str, widgets: bool = False) -> bool:
    if name in GLOBAL_ATTRIBUTES or name.startswith("aria-"):
        return True
    if namespace == SVG_NS:
        return name in SVG_ATTRIBUTES
    if widgets and (
        name in WIDGET_GLOBAL_ATTRIBUTES or name.startswith("data-kb") or name in WIDGET_ATTRIBUTES.get(tag, ())
    ):
        return True
    return name in HTML_ATTRIBUTES.get(tag, ())


def element_allowed(tag: str, namespace: str, widgets: bool = False) -> bool:
    if namespace == SVG_NS:
        return tag in SVG_ELEMENTS
    return namespace == HTML_NS and (tag in HTML_ELEMENTS or (widgets and tag in WIDGET_ELEMENTS))


def emoji_problem(attrs: dict[str, str | None], hosts: frozenset[str]) -> Problem | None:
    """An emoji shortcode (:smile:) that pymdownx.emoji turned into an image from its CDN."""
    scheme, host = url_parts(attrs.get("src") or "")
    if host is None or host in hosts:
        return None
    return "external-url", (
        f"emoji {attrs.get('title') or ''} loads its image from {host}, another host; "
        f"type the emoji character itself ({attrs.get('alt') or ''}) instead"
    )


def element_problems(
    tag: str, namespace: str, attrs: dict[str, str | None], hosts: frozenset[str], widgets: bool = False
) -> list[Problem]:
    """The problems of one element held to the article's allowlists (`widgets`: and our widgets')."""
    allowed = element_allowed(tag, namespace, widgets)
    found: list[Problem] = []
    if not allowed:
        why = "can load or run code" if tag in RUNS_CODE else "is not formatting HTML"
        found.append(("unsafe-html", f"tag <{tag}> {why}; {ADVICE_HTML}"))
    own = list(attribute_problems(tag, namespace, allowed, attrs, hosts, widgets))
    emoji = emoji_problem(attrs, hosts) if tag == "img" and "twemoji" in (attrs.get("class") or "") else None
    if emoji:  # one finding that names the shortcode, instead of the image's URL
        own = [emoji] + [problem for problem in own if not problem[1].startswith("<img src> makes")]
    return found + own


def children(node) -> list:
    """An element's children, a <template>'s content included (the parser keeps it apart)."""
    found = list(node.children or [])
    content = getattr(node, "template_content", None)
    if content is not None:
        found += list(content.children or [])
    return found


def problems(html: str, hosts: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of a rendered article body, in document order."""
    found: list[Problem] = []
    pending = list(reversed(JustHTML(html, fragment=True, sanitize=False).root.children or []))
    while pending:
        node = pending.pop()
        if getattr(node, "attrs", None) is not None:
            found.extend(element_problems(node.name.lower(), node.namespace, node.attrs, hosts))
        pending.extend(reversed(children(node)))
    return found


# ---------------------------------------------------------------------------
# The built page, as the reader receives it


@dataclass(frozen=True)
class PageProblem:
    rule: str
    message: str
    evidence: tuple[str, ...]  # what to look for in the sources, most telling first


# Where HTML comes back inside SVG: its children are HTML elements again.
SVG_HTML_POINTS = frozenset({"foreignobject", "desc", "title"})


def _evidence(tag: str, attrs: dict[str, str | None], text: str, problem: Problem) -> tuple[str, ...]:
    """Strings that the source of an element's problem holds: a script's text, the values and names of
    the attributes it names, and the tag itself when the tag is the problem."""
    words = [text.strip().split("\n")[0].strip()[:50]] if tag == "script" else []
    for name, value in attrs.items():
        if name.lower() in problem[1] or (value and value in problem[1]):
            words += [value, f"{name}="] if value else [f"{name}="]
    if tag != "script" and problem[1].startswith(f"tag <{tag}>"):
        words.append(f"<{tag}")
    return tuple(word for word in words if word)


def _script_problem(
    attrs: dict[str, str], text: str, in_article: bool, trusted: frozenset[str], data_seen: set[str]
) -> Problem | None:
    """Whether a <script> of a built page is ours: a file of the site, the theme's data, or a template's."""
    opening = "".join(f' {name}="{value}"' for name, value in attrs.items())
    if in_article:
        return "unsafe-script", f"a <script> in the article; {ADVICE_HTML}"
    if "src" in attrs:
        scheme, host = url_parts(attrs["src"])
        if scheme is None and host is None and attrs["src"].strip():
            return None
        return "unsafe-script", f"<script src={attrs['src']!r}> is not a file of the site"
    if not csp.runs(opening):
        if attrs.get("id") in DATA_SCRIPTS and attrs["id"] not in data_seen:
            data_seen.add(attrs["id"])
            return None
        return "unsafe-script", f"a data <script id={attrs.get('id', '')!r}> that the theme does not write"
    if csp.digest(text) in trusted:
        return None
    return "unsafe-script", (
        f"an inline script that none of our templates writes ({text.strip()[:60]!r}); "
        f"the Content-Security-Policy blocks it"
    )


def _frame_problems(
    tag: str, namespace: str, attrs: dict[str, str | None], in_head: bool, hosts: frozenset[str]
) -> list[Problem]:
    """An element outside the article: the theme's own, or a title, label or string that landed in it."""
    own = list(attribute_problems(tag, namespace, False, attrs, hosts))
    known = (
        tag in SVG_ELEMENTS
        if namespace == SVG_NS
        else namespace == HTML_NS and (tag in HTML_ELEMENTS or tag in WIDGET_ELEMENTS or tag in FRAME_ELEMENTS)
    )
    if tag in NEVER or not known:
        why = "can load or run code" if tag in RUNS_CODE else "is not part of the theme"
        own.insert(0, ("unsafe-html", f"tag <{tag}> {why}"))
    elif tag in HEAD_ONLY and not in_head:
        own.insert(0, ("unsafe-html", f"tag <{tag}> outside <head> can redirect, load or restyle the page"))
    return own


def page_problems(html: str, hosts: frozenset[str], trusted: frozenset[str]) -> list[PageProblem]:
    """Every problem of a built page (a whole document), in document order, parsed as browsers parse it
    (Lexbor, the WHATWG algorithm). `trusted`: the CSP sources of the inline scripts our templates write
    for it (kb.output.csp.Trusted)."""
    found: list[PageProblem] = []
    data_seen: set[str] = set()
    # (node, inside the article, inside <head>, the namespace its children are parsed in)
    root = LexborHTMLParser(html).root
    assert root is not None  # a whole document always has its <html> element
    pending: list[tuple[LexborNode, bool, bool, str]] = [(root, False, False, HTML_NS)]
    while pending:
        node, in_article, in_head, parent_namespace = pending.pop()
        tag = cast(str, node.tag).lower()  # parsed HTML has only named nodes (elements, text, comments, doctype)
        if tag.startswith(("-", "_", "!")):  # text, comments, the doctype
            continue
        namespace = SVG_NS if tag == "svg" else "math" if tag == "math" else parent_namespace
        attrs = node.attributes
        own: list[Problem]
        if tag == "script" and namespace == HTML_NS:
            text = node.text(deep=True)
            problem = _script_problem(
                {k.lower(): v or "" for k, v in attrs.items()}, text, in_article, trusted, data_seen
            )
            own = [problem] if problem else []
        elif in_article:
            text = ""
            own = element_problems(tag, namespace, attrs, hosts, widgets=True)
        else:
            text = ""
            own = _frame_problems(tag, namespace, attrs, in_head, hosts)
        found.extend(PageProblem(rule, message, _evidence(tag, attrs, text, (rule, message))) for rule, message in own)
        inside = in_article or (tag == "article" and "md-content__inner" in (attrs.get("class") or "").split())
        below = HTML_NS if namespace == SVG_NS and tag in SVG_HTML_POINTS else namespace
        kids = []
        child = node.child
        while child is not None:
            kids.append((child, inside, in_head or tag == "head", below))
            child = child.next
        pending.extend(reversed(kids))
    return found


# Entities and what browsers drop, so that a source line matches what it renders to.
TAG_OPEN = re.compile(r"<\s*")


def _plain(text: str) -> str:
    return URL_INNER.sub("", html_module.unescape(text)).lower()


def trace(evidence: Iterable[str], sources: Iterable[tuple[str, str, int]]) -> tuple[str, int] | None:
    """(file, line) of the first source line holding the first piece of evidence found anywhere.
    `sources`: (file as shown, text, number of its first line), most likely first."""
    plain = [(path, [_plain(line) for line in text.split("\n")], first) for path, text, first in sources]
    for word in evidence:
        needle = _plain(TAG_OPEN.sub("<", word)).strip()
        if len(needle) < 2:
            continue
        for path, lines, first in plain:
            for offset, line in enumerate(lines):
                if needle in TAG_OPEN.sub("<", line):
                    return path, first + offset
    return None


def source_lines(body: str, render: Render, found: Iterable[Problem], hosts: frozenset[str]) -> list[int]:
    """For each problem (in document order), the 1-based body line at which rendering the body up to it
    first yields that problem (its n-th occurrence for the n-th): found by bisection over prefixes."""
    lines = body.split("\n")
    counts: dict[int, Counter] = {}

    def count(end: int) -> Counter:
        if end not in counts:
            counts[end] = Counter(problems(render("\n".join(lines[:end])), hosts))
        return counts[end]

    located: list[int] = []
    seen: Counter[Problem] = Counter()
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
    return tuple(
        sorted(
            {
                Finding(path, body_line + line - 1, rule, message)
                for (rule, message), line in zip(found, lines, strict=True)
            }
        )
    )


def check(page: Page, render: Render, hosts: Iterable[str] = ()) -> list[Finding]:
    """Findings for one article; unchanged articles are not rendered again (`kb serve` rebuilds)."""
    return list(_check(page.path, page.body, page.body_line, render, frozenset(hosts)))
