"""Parse raw press-release page dumps into :class:`schemas.release.ReleaseContent`.

Pure functions, no I/O. The input is text dumped from web pages as markdown: U.S. State
Department pages (2017-2020 layouts), UN, gov.uk, Canadian and French pages, and French or
Spanish embassy translations. The rules, in the order they are applied:

Normalizing (:func:`normalize`)
    BOM, zero-width and soft-hyphen characters are dropped; CRLF/CR become LF; tabs, NBSP and
    other odd spaces become plain spaces; HTML comments and tags are removed (``<br>`` ends a
    line, ``<p>``/``<div>`` end a paragraph, ``<li>`` starts a ``- `` bullet, ``<hr>`` is a
    ``---`` rule on a line of its own, as saved pages part their releases) except that
    ``<sup>[1]</sup>`` footnote markers become ``[1]``; entities are unescaped. Typographic
    quotes and dashes stay as written. A line of input may become several logical lines, but
    every logical line keeps the number of the input line it came from, so problems point at
    the input.

Page chrome (:func:`_blank_chrome`, before splitting)
    The web page around a release is read as blank lines (line numbers and ``raw`` slices stay
    as they were): lines made only of links (site name, skip link, ``[Share](#) [Print](#)``,
    "Back to ...") unless the link is a type line (``[Readout](/readout/)``) or the value of a
    label line ending in ":" (gov.uk ``From:`` then a link); breadcrumb trails (links, or
    "Home"/"Accueil"/"Inicio", joined by ``›``, ``>``, ``»``, ``/`` or ``|``, the last crumb
    maybe plain text); share/print/e-mail rows and skip links written without links, in English,
    French or Spanish; navigation blocks at the foot of a page ("Tags", "Related Articles",
    "Related", "Explore the topic", "See also"/"Voir aussi", "Search for related information by
    keyword"), from their label (a heading, a bold or a plain line) to the next rule or the next
    heading that is not such a label, and one-line ``Tags: [..](#)`` lists; a label over a
    listing ("Latest News" over a bold title and its teaser) is the label alone; a posting's
    "Category:", "Catégorie :", "Topics:", "Tag Archives:" or "Filed under:" line, a blog's
    "This entry was posted in …", Blogger's "Search This Blog", the old state.gov tagline
    "Diplomacy in Action" line; decoy metadata ("Date modified:", "Last modified", "Modifié le",
    "Date de modification") with its date. Links may wrap an image (a site logo
    ``[![Site](logo)](/)``). Menus: two or more bullets made only of links, the last one maybe a
    short plain item (the current page); a single link bullet in a body stays. Cookie banners,
    search boxes and language switches written without links. Foot-of-page lists also in their
    English, French and Spanish variants ("More like this", "Related news", "Articles connexes",
    "Artículos relacionados"), and ``**Related Links:** [..](#) | [..](#)`` label lines.

    Headings written otherwise (:func:`_atx_from_setext`, :func:`_promote_plain_titles`) Setext
    headings ("Title" over "=====", "Readout" over "-----") are read as ``#`` headings; a "---"
    right below a date or a sentence stays a rule. In a plain-text dump (a print view, no
    markdown), a line with the ``Press Releases:`` prefix is a title wherever it stands, and
    when the dump has no heading at all, a short line that is neither prose nor a header line,
    not right below a header line (a page label such as "News story" aside) and followed by a
    release header is a title too (but not a line that only a blank line separates from a title
    of three words or more above it: that is the title's header, a mission's speaker block); the
    one or two lines right above it that do not end a sentence are the rest of a hard-wrapped
    title. So a print view holding several releases splits like its markdown twin. A line right
    below a breadcrumb trail ("Home > International > Foreign affairs", "Accueil › Dossiers pays
    › …"; a page label such as "News story" may stand between) is the page's title whether or
    not a header follows it; a breadcrumb is never a title, nor is a navigation row ("Skip to
    main content | Search GOV.UK | Menu"). Failing a heading, the title is the short line right
    above the first sentence of the text (a menu item such as "1. Home" is no sentence, nor is
    one line of a paragraph hard-wrapped over several long lines, which is a sentence as a
    whole, nor is a long line that ends in no sentence mark, such as a briefing's title naming
    everyone on the stage; below a section label as the heading, "# Statements", or a mission's
    "Remarks and Highlights", or a blog's "Tag Archives: MH17", or a country's name as a heading
    (ReliefWeb's "Somalia" over the report), (or, when headings follow it right away, the first
    of them) it is the plain block of one to three lines between the header lines and the first
    paragraph; a line opening with a date, such as a post's "May 12, 2021 , Russia, …", is a
    header line), else a short first line. A long heading followed, with no blank line, by lines
    that are not header lines is a hard-wrapped heading and continues on them; two headings of
    the same level join into one title only when close together (a site's name three lines or
    more above the page's title is not part of it).

Splitting a dump (:func:`parse_document`)
    The State Department disclaimer footer ("The Office of Website Management ...", possibly
    split over two italic lines or re-wrapped), and the translation service's ("This is a
    courtesy translation service of the U.S. Department of State …") each end a release and
    belong to none: they are dropped; a newswire's "… published this content on … and is solely
    responsible …" line is dropped wherever it stands. A heading starts a new release when the
    current one has no title yet, when it carries the ``Press Releases:`` channel prefix, when a
    header block (type line, date, office, place, ``From:``) follows it, or when it is a level-1
    heading right after a ``---`` rule. In a listing, a heading of the same level as the
    release's title, with no header of its own, after a body of one or two short paragraphs (a
    teaser) opens the next item; so does each of two or more bold titles standing alone over a
    paragraph of prose in a page without headings ("**Cuban Independence Day**"). A heading
    whose text under it is in another language than the release above it opens the translation
    as a release of its own (a UN statement's "## Déclaration attribuable …" below its English
    text); a translation with no date of its own takes the date of the release it translates
    (with a warning). Before the first title, a heading followed by nothing but a heading of
    higher rank ("## Press Releases" above "# The title") does not open a release, nor does a
    heading ranked below the page's first level-1 heading and standing above it ("## Cookies on
    GOV.UK", "## Language selection") unless a release header follows it; in a dump whose titles
    carry the ``Press Releases:`` prefix, the first such title plays that part (an aggregator's
    "# Sentinelle" above "## Press Releases: ..."). A short site-name heading ("# France
    Diplomatie", or a longer one written as a link) with nothing under it but chrome opens no
    release either. A rejected chunk with no sentence and fewer than two header lines (a lone
    "Speech" label under a site heading) is chrome. The text before the first title is dropped
    as site chrome unless it holds a header line with a sentence after it (a release without a
    heading); a byline block printed above the first title counts from its first real header
    line (type, date, office, or a person with a title line below), so a site name and its
    tagline are not read as a byline. A rejected "release" holding neither a sentence nor a
    header line (type, byline, date) is dropped as chrome when the page has a parsed release; a
    page that is only a heading is still rejected. Other headings (``## **The Partnership**``)
    are body paragraphs, and a heading that only names a kind or a date (``## Statement``) is a
    header line; a page-section heading ("Contacts", "Media enquiries", "Quick facts",
    "Associated links") never starts a release, whatever header-like lines follow it. Short
    header-like lines between a rule and a heading (a byline printed above the title) go with
    the heading.

    One release (:func:`parse_release`) Title: the first heading, joined with following headings
    of the same level (a heading split over two ``#`` lines), without ``[...](#)`` link
    wrappers, bold, or the ``Press Releases:`` prefix, an e-mail's "Subject:" label or a feed
    icon's "rss", or a trailing comma; failing a heading, a short first line. Header: the lines
    around the title are read one by one until the first ``---`` rule or the first line that
    reads like prose, each classified as a type line (mapped to one of
    :data:`schemas.release.KINDS`; English, French and Spanish names; "Communiqué"/"Comunicado
    de prensa" count as a Press Statement, "Interview" or "Testimony" as Other; a type line
    marked as cut, "Excerpts – Remarks", is one too), a date or dateline ("Paris, le 24 janvier
    2018", "January 24, 2018 - Ottawa, Ontario - Global Affairs Canada", "14.01.2020 - Press
    release" whose type part is a type line, not a place), a
    ``From:``/``Published``/``Location:`` label, an office or a person (the byline; an office
    named by its last word, "Office", "Ministry", "Embassy", has seven words at most, so that a
    headline ending in one is none; the line after a person is their title), a venue (rooms,
    halls, hotels, a mission below a personal byline), or a place ("City, Country"; a bare name
    only right before the date). An unrecognised short line is passed over when the date follows
    it. What is missing becomes a warning; a missing type line is inferred from the text
    ("attributable to Spokesperson" is a Readout when it reports a meeting or a call, and a
    Press Statement otherwise; a transcript with speaker labels is Remarks, "issued the
    following statement" a Press Statement), or the title; failing all of these (or when only a
    personal byline is left to go by) the kind model of :mod:`services.ingestion.learned`,
    learned from the annotated sets, decides (a Press Statement, the most common kind, when
    no model is loaded); but a statement whose first paragraphs open as a speech does ("Thank
    you, Mr. President.", "Mr. Speaker, …", "Merci, Monsieur le Président") is Remarks, and one
    whose opening sentence announces what someone will do ("… will attend meetings …", "…
    participera à …") is a Media Note. A page's "Issued on 09 Dec. 2020" line (bulleted or
    not, also "Publié le", "Publicado el") among the first paragraphs gives the release's date,
    over a date line under the title (an event's). A date printed only at the bottom of the
    release (or failing that, opening the first or second paragraph: "20 January 2020, Rome
    - The ...", "Panamá, 9 de junio de 2021.- La ...", or in the title: "(03.01.20)", "(23
    Oct. 2020)") is picked up from there, also out of a blog's post footer ("Posted in World ·
    September 1, 2020 · by STL.News"); a mirror's credited dateline opening the body
    ("Washington, DC (STL.News) The …") gives the place; a closing "New Delhi / November 23,
    2020" block with the header's date gives the place and leaves the body; a place right before
    a date that ends the title ("..., Moscow, October 22, 2018") is the place when the header
    has none. A single "Name, Title" line closing the body is the byline when the header has
    none (UN statements); several such lines are the signatures of a joint text and stay in the
    body.

    Generic page-type labels: "News release", or "Press release(s)" printed above the title or
    beside the date (gov.uk, Canada, Japan, Germany), name a site section, not a document type
    of :data:`schemas.release.KINDS`. Such a release takes the kind its title names
    unambiguously ("Joint statement", "Press Statement", "Readout", "Fact Sheet", "Remarks",
    "... briefing", "point de presse"; a statement someone makes: "Statement by Minister X",
    "Statement attributable to the Spokesman", "Foreign Secretary statement on ...",
    "Déclaration du ministre ..."; a bare "statement" talked about in a headline is not
    enough), else the kind its headline hints, else Other. Headline hints (also used when
    there is no type line at all): a trip announced is a Media Note ("... travels to ...",
    "... to attend ...", "Déplacement de ..."), a visit concluded, a meeting or a call a
    Readout ("... concludes visit to ...", "... meets ...", "... speaks with ...", "Appel
    téléphonique ...", "... mantiene conversaciones con ..."), a reaction or a measure a
    Press Statement ("... condemns ...", "La France condamne ...", "... expresses concern at
    ...", "Message from ...", "... summoned", "... imposes sanctions", "Condolencias ...",
    "U.S. Response to ..."), and so is a French ministry headline ending in a bracketed date.
    Untitled briefings by senior officials ("Senior State Department Officials on ...",
    "Funcionario de alto rango ...", "Sesión informativa ...") are Special Briefings. "Note
    to Correspondents:" before a title is a Media Note, and a UN ``SG/SM/`` document symbol
    marks a Press Statement. A "Press
    release" type line inside a State-style header below the title still counts as a Press
    Statement, as the earlier layout fixtures record it. "Media release" is always such a
    label. "Communiqué (de presse)", "Comunicado (de prensa)" and a bare "Statement" are a
    kind (Press Statement) only when a person signs below them, the State Department way
    (embassy translations); above an office byline or none (Mexico, embassies' own news) they
    are page labels, kind Other. Exception kept for the Canada layout fixture: such a label
    printed as a heading ("## Statement", "## Communiqué de presse") stays a Press Statement,
    although newer Canada pages are annotated Other.

    Posting lines and letterheads: a "By <site> | <date> | Topics" line is the web page's
    posting; a release header printed below it (type line, office, person) replaces its byline
    and date. A person with a title right below the type line replaces an office read above it
    (the letterhead: "Oficina del Portavoz"), and so does a person with a title on one line
    right below a letterhead, in either order or inside the type line ("Département d’État des
    États-Unis" / "Cale Brown, porte-parole adjoint"; "Secrétaire d’Etat, Mike Pompeo"; "El
    Secretario de Estado Michael R. Pompeo"; "DECLARACION DE LA VOCERA MORGAN ORTAGUS"). "Via
    Teleconference" is the place, not a venue. A one-line summary between the title and gov.uk's
    "From:" is passed over. Share-button debris glued into one token ("image_pdfimage_print",
    "Facebooktwittergoogle_plusmail") and language switches ("English English") are passed over,
    and so is an image's caption that repeats its alt text. A feed reader's run-on header
    ("Readout Office of the Spokesperson Washington, DC") is a type line, an office and a place.
    A title ending "(Statement by Press Secretary Takeshi Osuga)" names the byline (Japan).
    "Comunicado de prensa" below the State Department's letterhead ("Oficina de la Portavoz") is
    a Press Statement even without a signer. A title naming "answers to media questions" or a
    news conference is Remarks. An ambiguous slash date ("10/11/2020") is read month first
    unless its dateline names a place outside the United States ("Brussels, 10/11/2020": day
    first). A UN dateline without a date ("New York" above the date, or "New York - The
    Secretary-General ..." opening the body) gives the place. "The text of the following joint
    statement ..." opening the body makes a Joint Statement; a title naming a press briefing or
    "Q&A" makes a Special Briefing even with speaker labels; a title that says someone "speaks
    with" or "meets with" a counterpart, or "s'entretient avec", is a Readout. A title's "Propos
    de Jean-Yves Le Drian (Paris, 9 décembre 2021)" gives the byline and the place. The
    2017-2021 archive banner ("You are viewing ARCHIVED CONTENT ...") and the .gov banner are
    chrome; a dateline's place parts must read as names ("From the press briefing" is none). A
    linked office or person right below a linked type line ("[Media Note](/press-releases/)" /
    "[Office of the Spokesperson](#)") is the byline, not a navigation link, and a byline found
    below the title wins over one read above it (a print view's "U.S. DEPARTMENT of STATE"
    banner). A type line naming a title and a surname signs the release ("DECLARACIÓN DEL
    SECRETARIO TILLERSON"). gov.uk's "News story" is a page label like "Press release". A lunch,
    dinner or breakfast with someone is a Readout. The UN press office's "Department of Public
    Information • News and Media Division • New York" gives the place; document symbols
    ("SC/8215") are never titles; a ministers', bilateral or trilateral meeting and "meets with"
    in a title make a Readout; a posting's "By ..." leaves the byline. A rule inside a header (a
    row of underscores between the letterhead and "Para su difusión inmediata") does not end it
    when a header note or type line follows; two header lines printed side by side (five spaces
    or more between) are read one after the other; a lower-case continuation of a type line ("a
    la prensa itinerante") before a place or date stays in the header; "Declaraciones" is
    Remarks. A person with a title line printed above the title signs even when an office stands
    below it. In a listing page ("# Official speeches and statements - August 9, 2019"),
    numbered items ("## 1. Iran - Statement by ...") are the releases. A heading standing over
    nothing but chrome until a heading that surely opens a release is the page's, not a title. A
    person's name right below a plain title starts its header. An office at the top of the page
    with chrome between it and the rest of the header (two lines or more: a menu row and a blank
    line) is the site's name, not a byline ("Ministry of Foreign Affairs of Japan"), and so is a
    name with its section ("UNITED NATIONS" / "Meetings Coverage and Press Releases"); a date
    line right above the title, below the chrome where the header reading stopped, is the date;
    a byline in capitals is written as in a sentence ("OFFICE OF THE SPOKESPERSON" gives "Office
    of the Spokesperson"), and so is its title (French and Spanish titles in lower case:
    "porte-parole"). Below the chrome where the header reading stopped, a set-off block naming a
    person right above the title ("Michael R. Pompeo" / "Secretary of State" under a breadcrumb)
    is the byline. A translation's note on itself ("French translation of …", "(Traducción de
    cortesía. …)") and a news agency's own dateline over the release's ("(AGENPARL) – OTTAWA
    (CANADA), …") are chrome. An office in the letterhead stays the byline when the title names
    a signer ("Déclaration de Heather Nauert, porte-parole, …" over "Bureau de la
    porte-parole"); a signer in the title is the byline only when the header names none. "Title,
    Name" ("Secretario de Estado, Michael R. Pompeo") is a header line like "Name, Title". A
    place in capitals right above the date ("MEDIA HUB OF THE AMERICAS") is passed over on the
    way up to the title. A French ministry's dated title ("Sudan (4 June 2019)") is a setext
    heading though it reads like a dateline, and opens a release of its own in a listing. A
    listing that writes each item twice, as its link and as its title, splits at each item; a
    mirror's standfirst ("The comments made by Dominic Raab, the Foreign Secretary, on 7
    November 2020.", "Below is a press release issued by the Foreign and Commonwealth Office on
    13/11/2019.") gives the byline and the date. A mirror that writes the title again right
    below its heading has that copy passed over before the header is read. A site named by its
    domain ("GlobalSecurity.org", "TRANSLATIONS.STATE.GOV -- Traductions en français") is a
    masthead; so is a page's first line with an organisation right under it and no date or type
    line after ("UNIC Dar es Salaam" / "United Nations Information Centre"), and a news site
    posting a release ("Posted August 25, 2020 by STL.News in Politics") gives its date but no
    byline, and a short exclamation (an advertisement) is no sentence. In a plain page, a title
    hard-wrapped over two or three lines, with only header blocks between it and the first
    paragraph, is taken whole; a dated briefing title ("Department Press Briefing – August 8,
    2019") is found on the way up though it reads like a dateline. A French ministry's dated
    title ("Situation au Nicaragua (16 juillet 2018)") is found on the way up though it reads
    like a dateline. Headline hints also cover an attack named, a national day, a message of
    condolence (Press Statement), "Reunión del …", "se reunió con", "Entretien de … avec …"
    (Readout) and a press availability (Remarks). A news site's name ("Imperial Valley News") is
    a masthead, and so is a newswire's ("WEB NEWSWIRE"); an e-mail's envelope ("From: U.S.
    Embassy Baghdad" over "To: newsdesk@example.org") is chrome, its sender no byline. A photo
    caption between the title and a header naming someone and a date is passed over; a signer
    named again in the header ("Secretary of State John Kerry" / "Remarks at a Press
    Availability" / "John Kerry") does not end it; a place read above the title (a blog's "Home"
    over its posting date) gives way to one below it; an opening "Washington, DC - The United
    States …" gives the place. A post's heading over the release's own title in bold (a posting
    line maybe between) with a type line under it gives way to that title. In a print view of
    channel-prefixed titles, a plain title below a rule with a type line under it is a title
    too, and a heading cut after "in", "of" or "de" goes on over the next line whatever it looks
    like; a heading split after a dash goes on over its date; a channel-prefixed title never
    joins the heading above it. A title's date and place are those of its closing brackets when
    it has several dates ("Iraq - Attack in Baghdad (July 19, 2021) - Press briefing by the …
    Spokesperson (Paris - July 20, 2021)"), and such a briefing item is what its subject says,
    as is an item under a listing's "The Daily Press Briefing" type line whose title ends in a
    bracketed date, a Press Statement by default. UN titles keep their "[scroll down for
    French]" note (four annotators of five kept it). A "Name, Title" line closing the release is
    the byline even above a cut mark, a link row or a short label. A masthead read as a byline
    at the top of the page, with chrome below it, is no byline whatever reader took it. A post
    dated "30 Dec" takes its year from its archive's month heading ("Month: December 2020") when
    the months agree. A city after "Via Teleconference" in the header is the place. A transcript
    without a type line that a moderator opens is a Special Briefing unless its title says
    remarks; a long "Name, Title" line over a venue or a place is a header line, not a wrapped
    paragraph. The State Department's letterhead ("U.S. Department of State", "Departamento de
    Estado de los Estados Unidos", "Département d’État des États-Unis") is never the byline (no
    annotator took it for one); the office under it is, even where the header reading took that
    office for a venue. A label or a headline read as a name ("Opening Remarks", "Anuncio de
    Prensa", "Mensaje del …", "… comments on …") is no byline; when the line under it is "Title,
    Name", that person is. A menu of bullets ("* Travel", or flattened: "* Noticias y Eventos *
    Visas * …") is no sentence, and a chunk of nothing else opens no release; an office and a
    date right above the title, below the chrome where the header reading stopped, are read like
    a byline block. A signer linked as State pages link it ("[Michael R. Pompeo](#)") is a
    byline line, not chrome. A channel-prefixed title with a dated briefing after the prefix is
    a title. A wrapped channel title ends before a person whose title follows, and goes on over
    a lone last word ("… Fiscal Transparency" / "Report"). In a plain dump, the lines that an
    "In this issue:" list names are the titles of its items; the front matter above the list is
    no release, and its place and date (the briefing's, not an event's in a title) go to the
    items. A photo credit ("Photo: State Department") is chrome; the letterhead under an office
    does not replace it; a bracketed date heading ("# (18 February 2020)") goes on a split
    title. The same date again with its place ("11/16/2021 | 11:17pm EST" / "November 16, 2021 -
    Ottawa, Ontario - Global Affairs Canada") gives the place and the issuer; the UN press
    site's two-line masthead ("United Nations" / "Meetings Coverage and Press Releases") is no
    byline. A plain menu row (three or more short items between bars, no figures) is chrome,
    and so is "Welcome to the United Nations". Walking up from the first sentence, a short
    label in capitals ("HONG KONG EXCERPTS", "PRESS BRIEFING ROOM") is passed over. A web
    address alone on a line, a row of bracketed buttons ("[ Print ] [ Close Window ]") and a
    language switch in any script are chrome; neither an address nor a menu row (nor a
    copyright line, "© STL.News") over a rule is a setext heading, nor is a breadcrumb trail
    ("Home > Remarks > 2018", "Home › Updates › Afghanistan"); a reading time ("9 MINUTE
    READ", "3 Se lee en un minuto") and a listing's counter ("Displaying 31 - 40 of 6024")
    are chrome; a masthead with its menu read as a heading ("# ITS NETWORK Home News …") is
    no title, and the headline may be the plain line above the header lines below it (not a
    writer's "Written by …"); a signer run together with their title after an honorific
    ("Ambassador Cherith Norman Chalet Acting Deputy …") is no title (unless a headline's
    verb follows the name: "Minister Freeland Names Special Envoy"); "Ambassadrice",
    "Ambassadeur", "Embajador(a)" are honorifics and "coordinatrice" a title word; a news
    site's section before a title ("United States | Temporary Departure of …") is dropped. A
    plain title line that stops mid-phrase takes the short line right under it ("… du
    Secrétaire général sur" / "Madagascar"; a state's code in capitals, "Toronto, ON", is no
    "on"). A short line that reads like a name is still a title when a type line follows it
    ("Mongolia National Day" / "Press Statement"). The State Department's timestamp under an
    embassy's posting date ("07/15/2020 06:56 PM EDT") is the release's date; a day and
    month without a year ("11 Aug") is a header line that gives no date. A trail written one
    crumb a line below "Vous êtes ici :" is chrome, as are canada.ca's "Government of Canada
    / Gouvernement du Canada", "Search Canada.ca" and "Menu:" rows. Below the date a person
    is read as the byline when a title line follows ("Senator the Hon Marise Payne" /
    "Minister for ..."; "Senator", "the Hon" are honorifics, and so are "M.", "Mme", "Dr."
    with an article before it: "Le Dr. Tulinabo Mushingi"). Translation notes ("Traducción
    no oficial: el texto ...") are header notes. A header with a date but no place takes the
    place of an opening dateline with the same date ("Dakar, le 12 septembre 2019 – ...").
    Link rows whose first link is a label ("[Menu](#): [Jobs](#) · ...") are chrome.

    A "by Name" line under a type line is the signer ("Press Statement" / "by Heather Nauert" /
    "U.S. Department of State Spokesperson"); a date under a place line replaces a posting date
    read above it. A person, an office or a titled byline right under a type line that stands
    under a title is the signer, not a title ("Special Briefing" / "Senior State Department
    Official"). A navigation label's block ends at a listing's first bold item; "In Other News",
    "Latest news", "Dernières actualités", "Últimas noticias" are section labels, and the items
    below one split at each heading, each with the bulleted date right above it. "Moderadora:",
    "Modérateur:" are speaker labels. Where nothing names the kind, an opening sentence
    reporting a meeting held ("… attended today’s EU council …", "… se reunió con …") makes a
    Readout and one announcing a doorstep ("… spoke to the media.") Remarks. A line found where
    a title stands that cannot be one makes the release headline-less: a speaker's turn
    ("QUESTION: Good morning."), a name and title run together ("Robert Palladino Deputy
    Spokesperson", read as the byline), a news site's opening dateline ("Washington, DC
    (STL.News) …", "…/APO Group/ --"), "The following statement was issued …:", an office or
    embassy name, a masthead in capitals of five words or fewer, a menu run into one line, a
    metadata row ("Country: Nigeria · Language: English"). Such a release is rejected, as one
    with no title at all, but keeps what was read of it (``RejectedRelease.found``: header and
    body, the title empty); its header is read from the header lines right above its first
    paragraph. A headline-less transcript whose opening turns name a briefing is a Special
    Briefing. Two web pages saved one after the other (a rule, then the first page's first line
    again, or one of the two lines under a "Skip to main content" link opening the dump) are
    split at that rule, and that repeated masthead is chrome on every page; a first
    page with no heading, before a page that has one, is a release of its own (the splitter
    starts releases at headings and would not see it), and so is each of several such pages.
    A standalone rule of "=" (no setext underline: a blank line or a shorter menu row above
    it), or of ten asterisks or underscores and more, parts two pages whatever their
    mastheads, where each side holds a sentence (a site's header ruled off above its release
    is not a page) and what follows the rule opens a page (a masthead or a menu, blanked or
    not, a title, a news site's dateline; not "Notes to editors: The …"), and so does any
    rule right under a page's copyright line ("© Lobby Magazine" / "* * *"), between two
    other rules (a rule over a rule is no setext heading), or right above a site's own menu
    with at most a site's name between ("* * *" / "STL.News" / menu; blank lines between do
    not count); a copyright line is
    "© …", "Copyright 2019 …" or ends in "All rights reserved"; the first line under such a
    rule is a page's first line for the masthead rules below. A listing's teasers part at
    their "Read more »" / "Leer más »" / "Lire la suite" links (also "[Read more »]", the
    arrow inside the brackets) when another teaser's sentence or headline heading ("### …")
    follows and the dump holds two such links at least (the link is chrome); a
    one-word site name with a capital inside ("ReliefWeb") and its tagline under a page rule
    are no title. A rejected chunk with no sentence of more than three words that runs
    straight into a release of the same page is the site's header block ("17 October 2017" /
    "Moscow: 12:32" / "Consular queries:") and is dropped; a line under a menu row ending in
    a bar goes on with the row when it holds a bar or is up to three capitalised words that
    name no kind ("Citizen Services", not "Statement on Venezuela"); a tagline is no office
    ("Office of the Spokesperson"); walking up to a plain title, a cut mark ("[…]") and a
    listing's section heading ("Secrétaire général: Communiqués de presse") are passed over;
    "En cours au Siège de l'ONU" and cookie notices ("By continuing to browse, you accept
    the use of cookies", "Preferences cookies") are chrome.

    A text delivered is Remarks whatever its headline calls it: a "Prononcé le …" or
    "Delivered on …" line with its date (also read as the date), or "As delivered (by …)"
    near the top. A page with
    no headline whose first line names a speech ("Palabras del Secretario …", "Conférence de
    presse de Mme …") is Remarks; a first paragraph opening with a briefing's label ("Point de
    presse spécial via téléconférence BROWN : …", "Conferencia Telefónica realizada con …") is
    a Special Briefing. An embassy's account of its own event ("The United States Embassy
    held its 243rd National Day Celebration …", "L’Ambassade célèbre …") is a Media Note
    whatever the headline hints, unless a speech's opening words follow; "will hold talks",
    "will join his counterparts" (a meeting, not "will join our allies in …"), "will meet
    with", "is travelling to <Place>", "will make a working visit", "se reunirá con",
    "rencontrera" announce a visit; "visited <Place>", "hosted a meeting", "recibió en
    audiencia" / "recibió al <Name>", "has returned … after attending the …", "a reçu … son
    homologue", "ha mantenido una reunión" report one held (a Readout). A press conference
    "by" one official ("Press Conference by Foreign Press Secretary …", "Extraordinary Press
    Conference by …"; not "by President Trump and President Putin"), a "reunión informativa"
    and the Department's own "Conferencia de prensa del Departamento de Estado" are Special
    Briefings. "As delivered by <title> <name>" is the byline (the text was read out), and a
    line under it naming the body addressed and its seat ("to the Permanent Council,
    Vienna") gives the place; a speech's opening words under it ("Thank you, Madam Chair,")
    are no title. The EEAS's "UNIQUE ID: …" after a dateline is dropped. A listing's
    "Publishing date:" labels the date, a ministry's "Publisher:" ("Utgiver:") the byline,
    and "Content type: Press statement" is a type line; a type line naming its signer may
    end in its date after a comma ("Declaración de la portavoz Heather Nauert, 18 de julio
    de 2017"); "factsheet" in one word names a Fact Sheet, and "realizó una visita" / "a
    effectué une visite" / "made a visit" in a headline a Readout. The State archive's
    "2017-2021 ARCHIVED CONTENT" banner is chrome, and so is a menu row wrapped over two
    lines (the first ending in a bar); a site's name over its tagline over its menu ("United
    Nations" / "Meetings Coverage" / menu) is no title nor byline, and ReliefWeb's menu
    ("Updates | … | Jobs | Training") is a site menu. A briefing announced for a day to come
    ("The telephonic briefing will take place on …", "will address … media briefing on
    Tuesday") is a Notice to the Press when the title names no other kind, and so is a text
    giving the press dial-in information. The UN's "Activities of Secretary-General in …"
    are Other. Several governments speaking as "we" ("Los Gobiernos de Argentina, Brasil, …
    y Uruguay manifestamos …", "Les gouvernements … condamnons") or a text that "says in a
    joint statement" open a Joint Statement (a statement about several governments does
    not). A place in capitals before a colon is a news site's subject, no speaker
    ("ETATS-UNIS : le PM … reçu par …"); a headless release's header does not reach over the
    site's own menu, blanked as chrome, to the site's name above it ("Ambassade des
    États-Unis"), and a release's header lines above its title start below that menu
    ("NETNEWS" / menu / date / title: the site's name is no place); a section label ("Press
    Conferences", "Speeches") is no byline; the U.S. government's site banner in French and
    Spanish is chrome like the English one. A section label over the text ("News") is not
    its opening sentence; a pager ("Début Précédent 1 2 3 4 5 Suivant Fin"), a language
    switcher ("en-GB1 ru-RU1") and a Korean skip link ("본문 바로가기") are chrome; an advisory's
    field ("WHO: Mark Lowcock, …") is no byline, nor a title ("• WHAT: On-the-Record
    Briefing"), nor are a posting's "By Office of the Spokesperson", a page's metadata as a
    bullet ("• Last updated: …") or a speech's long opening ("Muy buenos días, muchas
    gracias, …"); "Table of contents", "Blog Archives" are chrome, and a category label over
    a dash rule ("Category: New Zealand Government") is no setext heading; "has spoken to",
    "sostuvo un encuentro", "a été reçu" report a meeting held, and French attribution lines
    may be plural ("Les propos suivants sont attribuables à Morgan Ortagus, porte-parole :",
    the role after the name). "Texte intégral", "Full text" and "Transcript" headings are
    sections of the release, not titles of a new one. A heading right under a rule opens the
    next page's release at level 2 as at level 1, and a heading followed by a heading that
    goes on with its speaker ("# Opening remarks" / "## by NATO Secretary General …") is one
    title, also when the first names only a kind ("# Press Conference" / "# by Foreign
    Minister Taro Kono"). A headline in title case may end in a full stop ("Faurie Y
    Tillerson Ratificaron el Rumbo Positivo de la Relación Bilateral."). A release whose
    header gives no date takes a date written on a line of its own (a weekday before it at
    most) among the first twelve filled lines below the title. A run-in place opening the
    first paragraph ("Washington, DC - As President …") is the place even with no date to
    confirm it, when it is a place the gazetteer knows (its first part too). "Demande de
    couverture" is a media advisory (a Notice to the Press), also before the press
    conference it announces.

    A menu or breadcrumb line is never a title: items of up to five words between menu
    separators ("United Nations | Meetings Coverage and Press Releases", "Home >> News &
    Events", "Accueil » Afrique » Diplomatie", "Subject Matter Areas > Human Trafficking"; no
    annotated title holds one), nor
    one run together holding three menu words ("Blog", "About", "Markets", "Video" … count).
    Speaker labels may be written in capitals with accents and, in French typography, with a
    space before the colon ("HÔTE : Bonjour", "LE SECRÉTAIRE TILLERSON : …"); a host ("Host:",
    "Hôte :", "Anfitrión:") opens a Special Briefing as a moderator does, unless the title
    names remarks ("Allocution … lors d’un point de presse" is Remarks). "Courtesy call" in
    a headline makes a Readout, "Intervención" Remarks; "… travels to …" in the opening
    sentence announces a trip (a Media Note); a speech's opening words may follow a dated
    dateline ("Bogotá, Enero 13 de 2018 - Querido presidente, …"); "The text of the following
    statement was released by the Governments of X and Y" opens a Joint Statement, and so do
    signatories speaking together ("The undersigned members of …", "Les soussignés …"). A date may
    open the first sentence after "On", "Le" or "El" ("On October 29th, 2019, Secretary …",
    "Le 10 octobre 2019, …"); dates may read "Enero 13 de 2018" and "20-Dec-2018" (Spanish
    month abbreviations "ene", "abr", "ago", "dic" count), and a paragraph may open with
    "Cartagena (ene. 2/19)." (the Colombian ministry's dateline).
    The page's first line is a masthead, not a title, when the chrome under it (its menu, a
    breadcrumb: blank lines by then) runs down to a rule, when it reads like one (four words at
    most, a tagline after a dash, or capitals); and so is the page's first line, or a tagline
    under a site's name in capitals or as a domain ("DAKARACTU.COM" / "L'information au
    quotidien"), right above the site's own menu (a menu that links "Home", "Accueil",
    "Inicio" or holds two menu words, no label) once that menu was blanked as chrome. "WHO:",
    "WHAT:", "WHEN:", "WHERE:" (and
    "WHY:", "HOW:", "BACKGROUND:") are no speaker labels: two of the first four make a media
    advisory (a Notice to the Press). A line of two items split by "|" whose first holds more
    than two words is a title and its site, not a menu.
    "Doorstop" and "Saludo del ministro …" in a headline make Remarks, "X rencontre Y" a
    Readout. A title hard-wrapped over two lines whose first line cannot end one ("… à
    l’occasion du Jour de") is joined even with no header block under it. Under "… released
    the following statement:" a paragraph announcing a trip makes a Media Note ("… will
    travel to …"), as do "is postponed", "will host", "assistera"; a speech's opening words
    may follow a speaker named in plain case ("Canciller Luis Videgaray: Muy buenos días"); an
    "EXCERPTS"/"EXTRAITS" label may stand above a transcript's first turn. A site's tagline
    right under its name is a masthead too. The opening sentence does not end at an initial
    or an abbreviated title ("M. Jean-Yves Le Drian", "U.S. Coordinator"); "a effectué une
    visite" reports a visit held (a Readout); "Excellences," opens a speech; a "video message"
    is Remarks.

    Body: paragraphs in order. Hard-wrapped lines are joined with a space; bullets, speaker
    labels, headings and footnote lines start paragraphs of their own; a paragraph broken by a
    blank line in mid-sentence is rejoined; markdown links keep their text, bold and italics
    lose their markers. A trailing ``[1] ...`` list becomes ``footnotes``. Rules, end marks
    (``###``, ``-30-``) and footers are dropped.

Problems: anything a careful reader would still accept yields a warning with its line
number; a release without a title or without a body is rejected with the reasons. Neither
function raises, whatever the input: nothing upstream sent is ever lost.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import itertools
import re
from collections.abc import Callable
from typing import Final

import msgspec

from schemas.events import Problem
from schemas.release import Byline, Footnote, ReleaseContent
from services.enrichment.language import (
    detect_language,  # the events carry the parser's problems as they are
)
from services.ingestion import learned

__all__ = [
    "ParsedRelease",
    "Problem",
    "RejectedRelease",
    "normalize",
    "parse_document",
    "parse_release",
]


class ParsedRelease(msgspec.Struct, frozen=True, kw_only=True):
    """A release that parsed, with the warnings a reviewer might want to see."""

    content: ReleaseContent
    warnings: tuple[Problem, ...]
    raw: str
    start_line: int


class RejectedRelease(msgspec.Struct, frozen=True, kw_only=True):
    """A release that cannot be accepted (no title or no body), kept with its raw text.

    ``found`` is what the parser could still read of a release with a body but no headline
    (its title empty): the header and body an operator fixing it starts from.
    """

    raw: str
    start_line: int
    reasons: tuple[Problem, ...]
    title: str | None
    found: ReleaseContent | None = None


# The rules ask the same questions of the same line many times over (the chrome, splitting,
# title and header passes), and the pages of one site share their chrome: the answers about a
# piece of text that cost regular-expression scans are kept, in bounded caches.
_line_cache: Final = functools.lru_cache(maxsize=2048)


# The gazetteer's cities and countries name places on header lines. Loading it takes a
# quarter of a second, which a command that never parses should not pay: it is imported on
# first use.
@_line_cache
def _is_city(text: str) -> bool:
    from services.enrichment.countries import is_city_name  # noqa: PLC0415

    return is_city_name(text)


@_line_cache
def _is_country_or_city(text: str) -> bool:
    from services.enrichment.countries import is_place_name  # noqa: PLC0415

    return is_place_name(text)


def _cached_test(pattern: re.Pattern[str], *, anywhere: bool = False) -> Callable[[str], bool]:
    """A line test many rules ask: whether ``pattern`` matches the line (or, ``anywhere``,
    occurs in it), kept with the other line predicates."""
    find = pattern.search if anywhere else pattern.match
    return _line_cache(lambda text: find(text) is not None)


# --------------------------------------------------------------------------------------------
# Normalizing

_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_DROPPED_CHARS: Final = "\ufeff\u200b\u2060\u00ad" + "".join(
    chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)
)  # BOM, zero-width and soft hyphen, control characters
_SPACE_CHARS: Final = "\t\x0b\x0c\x85\u00a0\u2007\u2009\u202f\u2028\u2029"  # tabs, NBSPs...
_CHAR_MAP: Final = str.maketrans(_SPACE_CHARS, " " * len(_SPACE_CHARS), _DROPPED_CHARS)
# Whether a line holds any character of the map: ``str.translate`` with a dict costs per
# character, and most lines with non-ASCII letters (curly quotes, accents) need no mapping.
_MAPPED_CHAR: Final = re.compile("[" + re.escape(_SPACE_CHARS + _DROPPED_CHARS) + "]")
_COMMENT: Final = re.compile(r"<!--.*?(?:-->|$)")
# A footnote marker in a superscript: kept as "[1]" because the body links to footnotes by it.
_SUP_MARK: Final = re.compile(r"<sup\b[^>]*>\s*\[?\s*([0-9]{1,3}|[*†‡§])\s*\]?\s*</sup>", re.I)
_AUTOLINK: Final = re.compile(r"<((?:https?|ftp)://[^<>\s]+|[^<>\s@]+@[^<>\s@]+\.[A-Za-z]{2,})>")
_BR_TAG: Final = re.compile(r"<br\b[^>]*>", re.I)
# A horizontal rule, as saved pages part their releases: a markdown rule on a line of its own.
_HR_TAG: Final = re.compile(r"<hr\b[^>]*>", re.I)
_LI_TAG: Final = re.compile(r"<li\b[^>]*>", re.I)
_BLOCK_TAG: Final = re.compile(
    r"</?(?:p|div|h[1-6]|ul|ol|table|tr|blockquote|section|article|header|footer)\b[^>]*>", re.I
)
_CELL_TAG: Final = re.compile(r"</?t[dh]\b[^>]*>", re.I)
_TAG: Final = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _normalize_line(line: str) -> str:
    """Clean one input line; the result may contain newlines (from ``<br>``, ``<p>``)."""
    if "<" in line:
        line = _COMMENT.sub("", line)
        line = _SUP_MARK.sub(r"[\1]", line)
        line = _AUTOLINK.sub(r"\1", line)
        line = _BR_TAG.sub("\n", line)
        line = _HR_TAG.sub("\n\n---\n\n", line)
        line = _LI_TAG.sub("\n- ", line)
        line = _BLOCK_TAG.sub("\n\n", line)
        line = _CELL_TAG.sub(" ", line)
        line = _TAG.sub("", line)
    if "&" in line:
        line = html.unescape(line)
    if not (line.isascii() and line.isprintable()) and _MAPPED_CHAR.search(line):
        line = line.translate(_CHAR_MAP)  # the common case needs no mapping
    return line.rstrip()


def _input_lines(text: str) -> list[str]:
    """The input lines, without their line breaks."""
    if "\r" not in text:  # the common case: ``str.split`` is many times faster than the pattern
        return text.split("\n")
    return _LINE_BREAK.split(text)


def _normalized_lines(text: str) -> list[tuple[int, str]]:
    """Logical lines as ``(input line number, text)``; trailing whitespace removed."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(_input_lines(text), 1):
        # Most lines are plain ASCII text with nothing to clean: no call for them.
        if not ("<" in line or "&" in line or not (line.isascii() and line.isprintable())):
            out.append((number, line.rstrip()))
            continue
        cleaned = _normalize_line(line)
        if "\n" in cleaned:
            out.extend((number, piece.rstrip()) for piece in cleaned.split("\n"))
        else:
            out.append((number, cleaned))
    return out


def normalize(text: str) -> str:
    """Return ``text`` with encoding debris and stray HTML cleaned up, markdown kept."""
    return "\n".join(line for _, line in _normalized_lines(text))


# --------------------------------------------------------------------------------------------
# Markdown inline markup

_ESCAPABLE: Final = "\\`*_{}[]()#+-.!>"
_ESCAPE: Final = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
# Escaped characters are parked in the private-use area so markup rules cannot see them.
_PROTECT: Final = {c: chr(0xE000 + i) for i, c in enumerate(_ESCAPABLE)}
_UNPROTECT: Final = {0xE000 + i: c for i, c in enumerate(_ESCAPABLE)}
_IMAGE: Final = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK: Final = re.compile(
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?"
    r"(?:\s+\"[^\"\n]*\")?\s*\)"
)
_FOOTNOTE_REF: Final = re.compile(r"\[\^(\w{1,3})\]:?")
_BOLD: Final = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_STAR: Final = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_UNDERSCORE: Final = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_SPACES: Final = re.compile(r"\s{2,}")


def _link_text(match: re.Match[str]) -> str:
    text, url = match.group(1).strip(), match.group(2)
    if text:
        return text
    return "" if url.startswith("#") else url


# Bounded: the rules ask for the plain text of the same line many times over (chrome, title,
# header and body passes), and pages of one site share their chrome and footers.
@functools.lru_cache(maxsize=4096)
def _inline(text: str) -> str:
    """Plain text of a markdown line or paragraph: links keep their text, emphasis goes."""
    protected = "\\" in text
    if protected:
        text = _ESCAPE.sub(lambda m: _PROTECT[m.group(1)], text)
    if "](" in text:
        if "![" in text:
            text = _IMAGE.sub("", text)
        text = _LINK.sub(_link_text, text)
    if "[^" in text:
        text = _FOOTNOTE_REF.sub(r"[\1]", text)
    if "*" in text or "_" in text:
        text = _BOLD.sub(r"\2", text)
        text = _ITALIC_STAR.sub(r"\1", text)
        text = _ITALIC_UNDERSCORE.sub(r"\1", text)
        text = text.replace("**", "").replace("__", "")
    if "`" in text:
        text = text.replace("`", "")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    text = text.strip()
    if protected:
        text = text.translate(_UNPROTECT)
    return text


# --------------------------------------------------------------------------------------------
# Line shapes

_RULE: Final = re.compile(r"^ {0,3}(?:(?:-[ ]*){3,}|(?:\*[ ]*){3,}|(?:_[ ]*){3,}|(?:=[ ]*){3,})$")
_HEADING: Final = re.compile(r"^ {0,3}(#{1,6})(?:[ ]+(.*?))?(?:[ ]+#+)?[ ]*$")
# Whether :data:`_HEADING` matches a line (which holds no line break), told without reading
# the whole line: its lazy group costs at every character.
_HEADING_START: Final = re.compile(r"^ {0,3}#{1,6}(?:[ ]|$)")
# The State Department site disclaimer (sometimes split over two italic lines). It is found by
# its opening words on joined lines, so a footer re-wrapped at any width is still recognised.
_FOOTER_OPENING: Final = re.compile(
    r"^[*_ ]*(?:the office of website management|external links to other internet sites|"
    # The translation service's ("This is a courtesy translation service of the U.S.
    # Department of State. The English-language text is the official version.").
    r"this is an? (?:unofficial |courtesy )?translation service of the u\.s\. department|"
    r"translations are provided as a courtesy by the u\.s\. department)",
    re.I,
)
# Boilerplate of other sites and end marks: dropped wherever they appear, but they do not end
# a release. (The "###" end mark is an empty heading and is dropped as such.)
_BOILERPLATE: Final = re.compile(
    r"^[*_ ]*(?:for information media\.? not an official record\.?|-\s*30\s*-|ends|"
    # a newswire's ("U.S. Department of State published this content on 16 March 2019 and is
    # solely responsible for the information contained therein")
    r"[\w.,’' -]{2,60} published this content on .{4,30} and is solely responsible\b.*)[*_ ]*$",
    re.I,
)
_BULLET: Final = re.compile(r"^ {0,6}(?:[-*+•▪‣]|[0-9]{1,3}[.)])[ ]+(?=\S)")
_NUMBERED: Final = re.compile(r"^ {0,6}[0-9]{1,3}[.)][ ]")
_QUOTE: Final = re.compile(r"^ {0,3}>[ ]?")
_SPEAKER_LABEL: Final = re.compile(
    r"^(?!(?:WHO|WHAT|WHEN|WHERE|WHY|HOW|BACKGROUND)[ ]?:)"  # a media advisory's fields
    r"(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]*(?:[ ][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]*){0,5}|Question|Moderator|"
    r"Operator|Participant|"
    r"Moderador(?:a)?|Mod[ée]rat(?:eur|rice))"
    r"(?:[ ]\([^)\n]{0,40}\))?[ ]?:(?:[ ]|$)"  # French typography: "QUESTION :"
)


def _speaker(text: str) -> re.Match[str] | None:
    """:data:`_SPEAKER_LABEL`'s match, except that a place in capitals before a colon is a
    news site's subject ("ETATS-UNIS : le PM … reçu par …", "MALI : …"), not a speaker."""
    found = _SPEAKER_LABEL.match(text)
    if found is None or not text[:1].isupper():
        return found
    label = text[: found.end()].rstrip(" :")
    return None if label.isupper() and _is_country_or_city(label.title()) else found


_FOOTNOTE: Final = re.compile(r"^\[([0-9]{1,3}|[*†‡§])\][ ]*(\S.*)$")
# A sentence ends with one of these marks, maybe followed by closing quotes or brackets.
_SENTENCE_MARKS: Final = ".!?:;…。！？"
_CLOSING_MARKS: Final = "\"'”’»)]"
_ABBREVIATION_END: Final = re.compile(
    r"(?:\b[A-Z]\.){1,3}$|\b(?:Jr|Sr|St|Inc|Ltd|Co|Hon)\.$|\bEE\.[ ]?UU\.$"  # EE. UU.: U.S.
)
_TRAILING_MARK: Final = re.compile(r"\[\w{1,3}\]$")
_URL_END: Final = re.compile(r"(?:https?://|www\.)\S+$|\S+@\S+\.\w+$")
_URL_MARKERS: Final = ("://", "www.", "@")  # one is in any text _URL_END finds
# Channel names the dumps put before a title; only plural forms, which no real title starts with.
_CHANNEL_PREFIX: Final = re.compile(
    r"^(?:press releases?|press statements|media notes?|readouts|fact sheets|special briefings|"
    r"department press briefings|notices to the press|joint statements|"
    r"communiqu[ée]s de presse|comunicados de prensa|(?P<note>notes? to correspondents|"
    r"notes? aux correspondants))\s*:\s*",
    re.I,
)

# gov.uk's page label before a title on copies and print views ("Speech: “This is Russia’s
# seventh veto …”", "News story: UK condemns …"): not part of the title; a speech label gives
# the kind, the others are page types.
_PAGE_LABEL_PREFIX: Final = re.compile(
    r"^(?:(?P<k6>speech)|(?P<k7>(?:oral |written )?(?:ministerial )?statement(?: to "
    r"parliament)?)|(?:world )?news story|press release|news release)\s*:\s*(?=\S)",
    re.I,
)

# First words of :data:`_CHANNEL_PREFIX` and :data:`_PAGE_LABEL_PREFIX`, for a cheap test
# before the patterns.
_CHANNEL_WORDS: Final = ("press", "media", "readout", "fact", "special", "department",
                         "notice", "joint", "communiqu", "comunicado", "note", "speech", "news",
                         "world", "oral", "written", "ministerial", "statement")  # fmt: skip

_BLANK, _RULE_LINE, _FOOTER_LINE, _HEADING_LINE, _TEXT = range(5)


@_line_cache
def _line_tag(line: str) -> int:
    stripped = line.strip()
    if not stripped:
        return _BLANK
    first = stripped[0]
    if first in "-*_=" and _RULE.match(line):
        return _RULE_LINE
    if first == "#" and _HEADING_START.match(line):
        return _HEADING_LINE
    if _BOILERPLATE.match(stripped):
        return _BLANK
    return _TEXT


def _filled_after(tags: list[int], j: int, end: int | None = None) -> int:
    """The first line from ``j`` (up to ``end``) that is not blank; ``end`` when none is."""
    end = len(tags) if end is None else end
    while j < end and tags[j] == _BLANK:
        j += 1
    return j


def _filled_before(tags: list[int], i: int) -> int:
    """The last line before ``i`` that is not blank; -1 when none is."""
    j = i - 1
    while j >= 0 and tags[j] == _BLANK:
        j -= 1
    return j


@functools.lru_cache(maxsize=1024)  # the splitter and the parser look at each heading often
def _heading_text(line: str) -> tuple[int, str]:
    """Level and plain text of a heading line (level 0 when it is not a heading)."""
    match = _HEADING.match(line)
    if match is None:
        return 0, ""
    return len(match.group(1)), _inline(match.group(2) or "")


def _ends_with_mark(text: str) -> bool:
    """Whether ``text`` ends with a sentence mark, closing quotes or brackets maybe after it.

    Read from the end: a pattern anchored at the end is still tried at every character.
    """
    if text.endswith("\n"):  # passed over, as "$" does
        text = text[:-1]
    text = text.rstrip(_CLOSING_MARKS)
    return bool(text) and text[-1] in _SENTENCE_MARKS


def _ends_sentence(text: str) -> bool:
    text = _TRAILING_MARK.sub("", text.rstrip())
    return _ends_with_mark(text) or (
        any(marker in text for marker in _URL_MARKERS) and bool(_URL_END.search(text))
    )


@_line_cache
def _is_prose(text: str) -> bool:
    """Reads like a sentence rather than a header line (type, name, place, date)."""
    if len(text) > 150 or _speaker(text) or _BULLET.match(text):
        return True
    return _ends_with_mark(text) and not _ABBREVIATION_END.search(text)


# --------------------------------------------------------------------------------------------
# Header vocabulary

_KIND_ALTERNATIVES: Final = (
    (
        "Joint Statement",
        r"joint (?:press )?(?:statement|communiqu[ée]|declaration)|d[ée]claration "
        r"(?:commune|conjointe)|communiqu[ée] conjoint|declaraci[óo]n conjunta|comunicado conjunto",
    ),
    ("Readout", r"read-?out|compte[- ]rendu|lectura|resumen de (?:la )?(?:llamada|reuni[óo]n)"),
    (
        "Fact Sheet",
        r"fact ?sheet|backgrounder|fiche d['’]information|hoja (?:informativa|de datos)|"
        r"ficha informativa",
    ),
    (
        "Media Note",
        r"media note|note to (?:the )?media|note (?:aux|pour les) m[ée]dias|note [àa] la presse|"
        r"nota (?:para|a) (?:los )?medios|nota de prensa",
    ),
    (
        "Notice to the Press",
        r"notice to the press|media advisory|press advisory|avis (?:[àa] la presse|aux m[ée]dias)|"
        r"demande de couverture|aviso (?:a la prensa|a los medios)",
    ),
    (
        "Special Briefing",
        r"(?:special |background |department |daily |on-the-record )?(?:press )?briefing|"
        r"point de presse|point d['’]information|briefing sp[ée]cial|"
        r"sesi[óo]n informativa(?: especial)?|conferencia de prensa telef[óo]nica|"
        r"telephonic press (?:briefing|conference)",
    ),
    (
        "Remarks",
        r"remarks|speech|press availability|(?:joint )?press conference|"
        r"conf[ée]rence de presse|discours|allocution|intervention|remarques|observaciones|"
        r"palabras|discurso|comentarios|declaraciones(?: (?:a|ante) la prensa)?|rueda de prensa",
    ),
    (
        "Press Statement",
        r"(?:press |oral |written |official )?statement|(?:press|news|media) releases?|"
        r"d[ée]clarations?(?: [àa] la presse| de presse)?|communiqu[ée](?: de presse)?|"
        r"declaraci[óo]n(?: (?:a|para) la prensa| de prensa)?|comunicado(?: de prensa)?",
    ),
    # Recognised type lines outside the schema's kinds: kept out of the body, kind "Other".
    (
        "Other",
        r"interview|testimony|op-?ed|taken questions?|(?:world )?news story|guidance|"
        r"entretien|entrevista|tribune|announcement|travel (?:alert|warning)",
    ),
)
_KIND_BY_GROUP: Final = {f"k{i}": kind for i, (kind, _) in enumerate(_KIND_ALTERNATIVES)}
_KIND_CORE: Final = "|".join(f"(?P<k{i}>{alt})" for i, (_, alt) in enumerate(_KIND_ALTERNATIVES))
# A type line is a kind, optionally continued ("Remarks to the Press", "Statement by the Press
# Secretary") or marked as cut ("Excerpts – Remarks"); a bare kind is also how a kind printed
# as a heading is told from a title.
_TYPE_LINE: Final = re.compile(
    rf"^(?:the |(?:excerpts?|extraits?|extractos?)[ ]*[–—:-][ ]*|"
    rf"(?:content type|type de contenu|tipo de contenido)[ ]*:[ ]*)?(?:{_KIND_CORE})"
    rf"(?P<tail>[ ]+(?:by|of|from|to|at|on|with|for|as|after|following|"
    rf"du|de|des|d['’]|à|au|aux|a|al|del|sobre|sur|en|and|et|y)\b.*|"
    rf"[ ]+[–—-][ ]+(?:par|by|via|por)[ ]+\w+)?(?:[ ]+(?:oficial[ ]+)?"  # "– par téléconférence"
    rf"(?:n(?:o|[°º]|o\.|úm\.?|r\.)?[ ]*)?\d[\d./ -]*)?[ ]*[:.]?$",  # "COMUNICADO 052"
    re.I,
)
_TITLE_KIND: Final = re.compile(
    r"\b(?:(?P<k0>joint statement|joint communiqu[ée]|d[ée]claration conjointe|declaraci[óo]n "
    r"conjunta)|(?P<k1>readout|(?:phone |telephone )?call with|"
    r"(?:meeting|conversation) (?:with|between)|meets with|"
    r"(?:ministers['’]?|leaders['’]?|bilateral|trilateral) meeting|(?:working )?"
    r"(?:lunch|dinner|breakfast) with|tele(?:phone)? (?:talks?|conversation)|"
    r"(?:phone|telephone) conversation)|(?P<k2>fact ?sheet)|"
    r"(?P<k4>media advisory|demande de couverture|avis aux m[ée]dias)|"
    r"(?P<k6>remarks|speech|discours|allocution|palabras|discurso|doorstop|video message|"
    r"message vid[ée]o|videomensaje|mensaje en video|"
    r"intervenci[óo]n (?:del|de la)|"
    r"greetings (?:at|to)|saludo (?:del|de la) (?:ministr[oa]|canciller|president[ea])|"
    r"address (?:by|to|at)|press availability)|"
    r"(?P<k5>briefing|point de presse|Q ?& ?[AR]\b|sesi[óo]n informativa|"
    # a minister's or a spokesperson's own press conference, held as a briefing ("Press
    # Conference by Foreign Press Secretary …", "Extraordinary Press Conference by …")
    r"^(?:(?i:extraordinary|regular) )?(?i:press conference) by\b(?!.* and [A-Z])|"
    r"(?i:conferencia de prensa) (?:del departamento de estado|telef[óo]nica)|"
    r"reuni[óo]n informativa|senior (?:state "
    r"department |administration )?officials?|funcionarios? de alto (?:rango|nivel))|"
    r"(?P<k7>statement|d[ée]claration|communiqu[ée]|declaraci[óo]n|comunicado))\b",
    re.I,
)
# Labels that name a page type rather than a document type (gov.uk, Canada, Japan, Germany).
_GENERIC_LABEL: Final = re.compile(
    r"^(?:the )?(?:(?:press|news|media) releases?|(?:world )?news stor(?:y|ies))[ ]*[:.]?$", re.I
)
_NEWS_RELEASE: Final = re.compile(
    r"^(?:the )?(?:(?:news|media) releases?|(?:world )?news stor(?:y|ies))[ ]*[:.]?$", re.I
)
# Labels that are a document type only in a State-Department-style header, where a person
# signs below them ("Comunicado de prensa" / "Heather Nauert" / "Portavoz ..."); above an
# office byline or none (Canada, Mexico, embassies' own news) they name a page type.
_SIGNED_LABEL: Final = re.compile(
    r"^(?:communiqu[ée]s?(?: de presse)?|comunicados?(?: de prensa)?)[ ]*[:.]?$", re.I
)
# Kinds a title names unambiguously. A bare "statement" in a headline ("UK welcomes the
# statement of ...") is not one of them; a statement someone makes is: "Statement by Minister
# X", "Statement attributable to the Spokesman", "Foreign Secretary statement on ...",
# "Déclaration du ministre ...", "Declaración de la portavoz ...".
_SPEAKER_ROLE: Final = (
    r"(?:spokes(?:person|man|woman)|secretary(?:-general)?|minister|president|prime minister|"
    r"chancellor|high representative|ambassador|envoy|press secretary|spokesperson['’]s|"
    r"(?:foreign )?office|ministry|government|department)"
)
_SPECIFIC_TITLE_KIND: Final = re.compile(
    r"\b(?:(?P<k0>joint (?:press )?statement|joint communiqu[ée]|d[ée]claration (?:conjointe|"
    r"commune)|declaraci[óo]n conjunta)|(?P<k1>readout|compte rendu|tele(?:phone)? "
    r"(?:talks?|conversation)|(?:ministers['’]?|leaders['’]?|bilateral|trilateral) meeting|"
    r"meets with|(?:phone |telephone )?call "
    r"with|(?:speaks|spoke|meets|met|talks) (?:with|to) (?:his |her |their )?(?:\w+ )?"
    r"counterparts?|s['’]entretient (?:avec|au t[ée]l[ée]phone avec))|(?P<k2>fact ?sheet)|"
    r"(?P<k3>media note|"
    r"note to correspondents|note aux correspondants)|"
    r"(?P<k5>(?:press |special |background )briefing|point de presse|sesi[óo]n informativa|"
    r"senior (?:state department |administration )?officials? (?:on|briefs?)\b|funcionarios? "
    r"de alto (?:rango|nivel))|(?P<k6>remarks|greetings (?:at|to)|address (?:by|to|at))|"
    rf"(?P<k7>press statement|statement (?:by|from|attributable)\b|{_SPEAKER_ROLE}['’]?s? "
    r"statement|d[ée]claration (?:de la |du |de l['’]|des )|declaraci[óo]n (?:de la |del )|"
    r"comunicado (?:de la |del )))",
    re.I,
)
# What a headline suggests when nothing names the kind (no type line, or only a page-type
# label; the majority of annotations): a trip announced is a Media Note ("Foreign Secretary
# travels to the Gulf", "Minister X to attend ...", "Déplacement de M. X à Prague"), a visit
# concluded or a meeting a Readout ("Minister X concludes visit to ...", "Foreign Secretary
# meets ..."), a reaction or a measure a Press Statement ("Secretary-General condemns ...",
# "... expresses concern at ...", "Message from ...", "Ambassador summoned", "Canada imposes
# sanctions"), and so is a French ministry headline dated in brackets ("Niger – Attack on a
# military patrol (February 22, 2017)"). The leftmost hint wins.
_TITLE_HINT: Final = re.compile(
    r"(?P<k1>\bconclu(?:des?|ded|t|ye) (?:(?:a|an|his|her|its|une|sa|son|su) )?(?:\w+ )?"
    r"(?:visits?|visites?|visitas?|trip|tour|mission)\b|\bmeets\b|\bmeeting between\b|"
    r"\bmet with\b|\bmeeting with\b|\brencontre (?:avec|entre)\b|\bse reúne con\b|"
    r"\bcourtesy call\b|\bvisite de courtoisie\b|\bvisita de cortes[íi]a\b|"
    r"\bparticip(?:a|ó|e) (?:en|[àa]) (?:la |una |une )?(?:r[ée]uni[óo]n|videoconferencia|"
    r"visioconf[ée]rence)\b|"
    r"\b(?:receives|received|recibe|recibió|reçoit|rencontre) (?:a |al )?(?-i:[A-Z])|"
    r"\b(?:speaks|spoke|talks) (?:with|to)\b|"
    r"\b(?:holds|held) talks\b|\bmantiene conversaciones\b|\b(?:habla|habló|conversa) con\b|"
    r"\bs['’]entretient avec\b|\b(?:appel|entretien) t[ée]l[ée]phonique\b|\b(?:llamada|"
    r"conversaci[óo]n) telef[óo]nica\b|\breuni[óo]n (?:del|de la|con|entre)\b|"
    r"\bse reuni[óo]\b|\bentretien (?:de|avec|entre)\b|"
    r"\brealiz[óo] una visita\b|\ba effectu[ée] une visite\b|\bmade an? (?:\w+ )?visit\b)|"
    r"(?P<k3>\b(?:visits?|to visit|travel(?:s|ling|ing)? to|trip to|heads? to|heading to|"
    r"to attend|will attend|(?:begins|starts) (?:a |an )?(?:[\w-]+ ){0,2}(?:tour|visit|trip)|"
    r"d[ée]placement|se rend(?:ra)? |assistera|visitar[áa]|viaja(?:r[áa])? a)\b)|"
    r"(?P<k7>\b(?:condemns?|deplores?|appalled|saddened|shocked|expresse?s? (?:\w+ )?"
    r"(?:concern|condolences|sympathy|solidarity)|[“\"]?concern[”\"]? (?:at|over|about)|"
    r"message from|summoned|sanction(?:s|ed|ing)?|condamne(?:nt)?|d[ée]plore(?:nt)?|condenan?|"
    r"lamentan?|secretary-general says|condolences?|condol[ée]ances?|condolencias?|"
    r"attack(?:s|ed)?|attentats?|ataques?|atentados?|national day|f[êe]te nationale|"
    r"d[íi]a nacional|message (?:of|from))\b|"
    r"^(?:the )?(?:U\.S\.|United States|US)[’']?s? response to\b|"
    r"^r[ée]ponse (?:des|de la|du|de l['’])|^respuesta (?:de|del)\b|"
    r"\((?:\d{1,2}(?:er)? \w+|\w+\.? \d{1,2},) \d{4}\)$)|"
    # the UN's account of the Secretary-General's days on a trip ("Activities of
    # Secretary-General in Fiji, 14-18 May"): no statement of anyone's
    r"(?P<k8>^activities of (?:the )?secretary-general\b)",
    re.I,
)
_TITLE_SIGNER: Final = re.compile(
    r"\((?i:statement|comment|remarks) by ([^()]{5,80})\)\s*$|"
    r"\b(?:(?i:propos|discours|d[ée]claration|intervention) de|(?i:statement|remarks|speech) by)"
    r" ((?:M\. |Mme )?[A-Z](?:(?! [-–] )[^()]){4,90}?)\s*(?:\(|$)",
)
_BRIEFING_TITLE: Final = re.compile(
    r"\bbriefing\b|point de presse|\bQ ?& ?[AR]\b|sesi[óo]n informativa|reuni[óo]n informativa|"
    r"^(?:(?:extraordinary|regular) )?press conference by\b(?!.* and (?-i:[A-Z]))|"
    r"conferencia de prensa del departamento de estado|"
    r"conferencia de prensa telef[óo]nica|telephonic press",
    re.I,
)
_MODERATOR: Final = re.compile(
    r"^(?:the )?(?:moderator|mod[ée]rat(?:eur|rice)|moderador[a]?|host|h[ôo]te(?:sse)?|"
    r"anfitri[óo]n(?:a)?)\s*:",
    re.I,
)
_BRIEFING_SOURCE: Final = re.compile(
    r"[ ]+[-–][ ]+press briefing by the [^()]{5,80}? spokes(?:person|man|woman)\b", re.I
)
_ANSWERS: Final = re.compile(
    r"\banswers? to (?:the )?(?:media |press |journalists['’] )?questions|\b(?:joint )?"
    r"(?:news|press) conference|conf[ée]rence de presse|rueda de prensa",
    re.I,
)
# The State Department's letterhead on an embassy translation: a "Comunicado de prensa"
# below it is the release's type line even without a signer ("Oficina de la Portavoz").
_STATE_LETTERHEAD: Final = re.compile(
    r"portavoz|vocer[oa]|porte-parole|spokes(?:person|man|woman)|departamento de estado|"
    r"d[ée]partement d['’][ée]tat|department of state",
    re.I,
)
_ATTRIBUTABLE: Final = re.compile(
    r"\b(?:attributable to|attribuables? (?:[àa]|au)|attribu[ée]e?s? (?:[àa]|au)|atribuibles? al?|"
    r"se atribuye al?)\s+(.+?)\s*[:.]?$",
    re.I,
)
_FOLLOWING_JOINT: Final = re.compile(
    r"following joint statement|statement was issued jointly|issued the following joint|"
    r"following statement was released by the (?:governments|foreign ministers|leaders) of|"
    r"following statement was released by the government of [^:]{0,160}? and the "
    r"government of|"
    r"d[ée]claration conjointe suivante|siguiente declaraci[óo]n conjunta|"
    # signatories speaking together: "The undersigned members of the Equal Rights Coalition"
    r"^the undersigned (?:members|countries|governments|states|ministers|organi[sz]ations|"
    r"signatories)\b|^(?:nous, )?les (?:pays |[ée]tats |membres )?soussign[ée]s\b|"
    r"^los (?:pa[íi]ses |estados |miembros )?(?:abajo )?firmantes\b|"
    # several governments speaking as "we" ("Los Gobiernos de Argentina, Brasil, … y Uruguay
    # manifestamos …"), and a text reported as a joint statement ("… say in a joint statement")
    r"^los gobiernos de[^.;:]{0,200}?,[^.;:]{0,200}? (?:y|e) [^.;:]{0,200}?\w+mos\b|"
    r"^les gouvernements d[^.;:]{0,200}?,[^.;:]{0,200}? et [^.;:]{0,200}?\w+ons\b|"
    r"\bsays? in a joint statement\b",
    re.I,
)
# A meeting or a call, in a title or an opening paragraph.
_MET_OR_CALLED: Final = re.compile(
    r"\b(?:readout|meeting|met|meets|call|calls|called|spoke|speaks|talked|talks|discussed|"
    r"conversation|r[ée]union|reuni[óo]|se reúnen?|llamada|habl[óo]|convers[óo]|conversaci[óo]n|"
    r"entretien|entretenu|rencontr[ée]|appel[ée]?)\b(?! (?:on|upon|for|sur|a) )",
    re.I,
)
_FOLLOWING_STATEMENT: Final = re.compile(
    r"following statement|issued the following|d[ée]claration suivante|siguiente declaraci[óo]n",
    re.I,
)
_TITLE_WORDS: Final = re.compile(
    r"\b(?:secretary|secretary-general|spokesperson|spokesman|spokeswoman|ambassador|minister|"
    r"director|director-general|under ?secretary|assistant|deputy|advis[eo]r|representative|"
    r"envoy|coordinator|president|chief|officer|officials?|administrator|counsel+or|charg[ée]|"
    r"consul|commissioner|chair(?:man|woman|person)?|governor|senator|attorney|ambassadeur|"
    r"ambassadrice|ministre|porte-parole|secr[ée]taire|conseill[eè]re?|pr[ée]sidente?|"
    r"directeur|directrice|portavoz|secretari[oa]|ministr[oa]|embajador[a]?|presidenta?|"
    r"director[a]?|asesor[a]?|representante|enviad[oa]|subsecretari[oa]|vocer[oa]|"
    r"coordinat(?:eur|rice)|coordinador[a]?|repr[ée]sentante?)\b",
    re.I,
)
_OFFICE_PREFIX: Final = re.compile(
    r"^(?:the\s+)?(?:u\.?\s?s\.?\s+|united states\s+|uk\s+|us\s+)?(?:"
    r"(?:permanent\s+)?(?:office|bureau|ministry|department|embassy|consulate(?:\s+general)?|"
    r"mission|delegation|secretariat)\s+(?:of|to|for|in|at)\b|"
    r"(?:oficina|ministerio|departamento|embajada|consulado|misi[óo]n|secretar[íi]a)\s+(?:de|del)\b|"
    r"(?:bureau|minist[èe]re|d[ée]partement|ambassade|consulat|mission|secr[ée]tariat|cabinet)"
    r"\s*(?:de|du|des|d['’]))",
    re.I,
)
_OFFICE_SUFFIX: Final = re.compile(
    r"(?:\boffice|\bministry|\bdepartment|\bembassy|\bconsulate|\bsecretariat|\bagency|"
    r"affairs canada|affaires mondiales canada|\bwhite house|department of state)$",
    re.I,
)
_VENUE_WORDS: Final = re.compile(
    r"\b(?:room|hall|hotel|h[ôo]tel|house|palace|palais|palacio|cent(?:er|re)|building|"
    r"auditorium|theat(?:er|re)|residence|r[ée]sidence|residencia|teleconference|"
    r"conference call|via telephone|headquarters|chamber|library|museum|universit(?:y|[ée])|"
    r"universidad|college|school|institute|club|airport|air base|pavilion|lounge|embassy|"
    r"ambassade|embajada|ministry|minist[èe]re|ministerio|salle|sal[óo]n|sala|plaza|stadium|"
    r"arena|lobby|en route|aboard|on board|quai d['’]orsay)\b",
    re.I,
)


# Asked of the same header lines by many rules (each pattern is tried at every position).
_has_title_words: Final = _cached_test(_TITLE_WORDS, anywhere=True)


_has_venue_words: Final = _cached_test(_VENUE_WORDS, anywhere=True)


_UN_STATEMENT_SYMBOL: Final = re.compile(r"^SG/SM/\d")
# A listing page's heading: "Official speeches and statements - August 9, 2019".
_LISTING: Final = re.compile(
    r"(?i:speeches|statements|communiqu[ée]s|press releases|news)\b.*\d{4}\s*$"
)
# A numbered item of a listing page whose heading reads like a release title (a place or
# subject, a dash, what it is): "1. Iran - Statement by Jean-Yves Le Drian (...)".
_NUMBERED_ITEM: Final = re.compile(r"^\d{1,2}\.\s+\S.{0,80}\s[-–]\s\S")
_DOC_SYMBOL: Final = re.compile(r"^[A-Z]{1,6}(?:/[A-Z0-9.]+)+(?:[-–][A-Z0-9/.]+)*$")
_UN_DPI: Final = re.compile(
    r"^Department of Public Information\s*[•*·.]\s*News and Media Division\s*[•*·.]\s*"
    r"(?P<place>[A-Z][\w ]{2,30})$"
)
# Share-button debris glued into one token ("image_pdfimage_print",
# "Facebooktwittergoogle_plusmail").
_SHARE_DEBRIS: Final = re.compile(
    r"^[A-Za-z]+(?:_[A-Za-z]+)+$|"
    r"^(?i:facebook|twitter|google_?plus|linkedin|e?mail|print|pdf|whatsapp|share){2,}$"
)
_HEADER_NOTE: Final = re.compile(
    _SHARE_DEBRIS.pattern + "|"
    r"^\[[^\]]{1,60}\]$|^\([^)]{1,60}\)$|^[A-Z]{1,6}(?:/[A-Z0-9.]+)+(?:[-–][A-Z0-9/.]+)*$|"
    r"^(?:for immediate release|pour diffusion imm[ée]diate|para (?:su )?(?:publicaci[óo]n|"
    r"difusi[óo]n|divulgaci[óo]n) inmediata|check against delivery|"
    r"as prepared(?: for delivery)?|as delivered|"
    r"seul le prononc[ée] fait foi|s[óo]lo el texto pronunciado es v[áa]lido|"
    r"(?:(?:unofficial )?translation|traduction(?: non officielle)?|traducci[óo]n(?: no oficial)?)"
    r"(?:[:;,] .{0,100})?|"
    r"embargoed.*|hide|share|print|e-?mail|report|news and press release)[.:]?$",
    re.I,
)


_is_header_note: Final = _cached_test(_HEADER_NOTE)


_LABELED: Final = re.compile(
    r"^(?P<label>date de publication|fecha de publicaci[óo]n|from|de|publisher|utgiver|"
    r"utgivare|location|lieu|lugar|place|date|fecha|published|publi[ée] le|"
    r"publishing date|publication date|"
    r"publicado(?: el)?|last updated|updated|mis [àa] jour le|delivered on|prononc[ée] le|"
    r"issued|released)"
    r"[ ]*(?P<colon>:)?[ ]*(?P<value>.*)$",
    re.I,
)
# Date labels that also say the text was read out (a speech's).
_DELIVERY_LABELS: Final = frozenset({"delivered on", "prononcé le", "prononce le"})
_DATE_LABELS: Final = frozenset(
    {"date", "fecha", "published", "publié le", "publie le", "publicado", "publicado el"}
    | {"publishing date", "publication date", "date de publication", "fecha de publicación"}
    | {"fecha de publicacion"}
    | _DELIVERY_LABELS
    | {"issued", "released"}
)
_IGNORED_LABELS: Final = frozenset({"last updated", "updated", "mis à jour le", "mis a jour le"})
_PLACE_LABELS: Final = frozenset({"location", "lieu", "lugar", "place"})
_HONORIFIC: Final = re.compile(
    r"^(?:senator(?:\s+the)?|(?:the\s+)?(?:rt\.?\s+)?hon(?:ou?rable|\.)?|h\.\s?e\.|"
    r"his excellency|her excellency|"
    r"ambassador|ambassadeur|ambassadrice|embajador[a]?|secretary|minister|dr\.?|mr\.?|mrs\.?|"
    r"ms\.?|mme\.?|sr\.|sra\.)\s+",
    re.I,
)
# Capitalised words that end a title and never start a name ("Secretary of State Rex ...").
_TITLE_TAIL_WORDS: Final = frozenset(
    ("state", "states", "united", "nations", "affairs", "defense", "defence", "department")
) | frozenset(("council", "security", "foreign", "kingdom", "union", "general", "treasury"))
# Lowercase words that may stand inside a personal name ("Bashar al-Assad", "Ursula von der").
_NAME_PARTICLES: Final = frozenset(
    ("al", "el", "bin", "ibn", "de", "da", "del", "della", "di", "du", "van", "von", "der", "den")
) | frozenset(("la", "le", "y", "dos", "das"))

# --------------------------------------------------------------------------------------------
# Dates

_MONTHS: Final[dict[str, int]] = {
    **dict.fromkeys(("january", "jan", "janvier", "enero", "ene", "januar", "janeiro"), 1),
    **dict.fromkeys(("gennaio",), 1),
    **dict.fromkeys(("february", "feb", "février", "fevrier", "febrero", "februar"), 2),
    **dict.fromkeys(("fevereiro", "febbraio"), 2),
    **dict.fromkeys(("march", "mar", "mars", "marzo", "märz", "março", "marco"), 3),
    **dict.fromkeys(("april", "apr", "avril", "abril", "abr", "aprile"), 4),
    **dict.fromkeys(("may", "mai", "mayo", "maio", "maggio"), 5),
    **dict.fromkeys(("june", "jun", "juin", "junio", "juni", "junho", "giugno"), 6),
    **dict.fromkeys(("july", "jul", "juillet", "julio", "juli", "julho", "luglio"), 7),
    **dict.fromkeys(("august", "aug", "août", "aout", "agosto", "ago"), 8),
    **dict.fromkeys(("september", "sept", "sep", "septembre", "septiembre", "setiembre"), 9),
    **dict.fromkeys(("setembro", "settembre"), 9),
    **dict.fromkeys(("october", "oct", "octobre", "octubre", "oktober", "outubro"), 10),
    **dict.fromkeys(("ottobre",), 10),
    **dict.fromkeys(("november", "nov", "novembre", "noviembre", "novembro"), 11),
    **dict.fromkeys(("december", "dec", "décembre", "decembre", "diciembre", "dic"), 12),
    **dict.fromkeys(("dezember",), 12),
    **dict.fromkeys(("dezembro", "dicembre"), 12),
}
_MONTH_ALT: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS: Final = (
    re.compile(
        rf"\b(?P<m>{_MONTH_ALT})\.?[ ]+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?[ ]+(?:de[ ]+)?"
        rf"(?P<y>[0-9]{{4}})\b",
        re.I,
    ),
    re.compile(
        rf"\b(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th|er|º|°|\.)?(?:[ ]+(?:de[ ]+|of[ ]+)?|-)"
        rf"(?P<m>{_MONTH_ALT})(?:\.?,?[ ]+(?:de[ ]+|del[ ]+)?|-)(?P<y>[0-9]{{4}})\b",
        re.I,
    ),
    re.compile(r"\b(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})\b"),
    # "(ene. 2/19)": the Colombian foreign ministry's dateline.
    re.compile(rf"\((?P<m>{_MONTH_ALT})\.?[ ]+(?P<d>[0-9]{{1,2}})/(?P<y>[0-9]{{2}})\)", re.I),
    re.compile(
        r"\b(?P<a>[0-9]{1,2})(?P<sep>[./])(?P<b>[0-9]{1,2})(?P=sep)"
        r"(?P<y>[0-9]{4}|[0-9]{2})\b"
    ),
)
# Words that may surround a date on a dateline without being a place.
# Weekdays in English, French and Spanish, as a regex alternation.
_WEEKDAY_WORDS: Final = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo"
)
_DATE_FILLER: Final = re.compile(
    rf"^(?:(?:{_WEEKDAY_WORDS}|le|el|"
    r"the|on|a|published|publi[ée]|publicado|updated|dated|date|issued|released|fecha|for "
    r"release|submitted|posted|mon|tue|wed|thu|fri|sat|sun)\b|[\s,.:;()–—-])+",
    re.I,
)
_DATE_FILLER_END: Final = re.compile(
    r"(?:\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|le|el|"
    r"the|on|a)\b|[\s,:;(–—-])+$",
    re.I,
)
# The parts of a dateline beside its date, as ``(role, text)``.
_Parts = tuple[tuple[str, str], ...]
_DASH_SPLIT: Final = re.compile(r"\s+[-–—|]\s+")
_BY_PREFIX: Final = re.compile(r"^(?:by|par|por)\s+(?=[A-Z])", re.I)
_TOPICS: Final = re.compile(r"^(?:topics?|tags?|sujets?|th[èe]mes?|temas?)\s*:", re.I)
_DIGIT: Final = re.compile(r"[0-9]")
_YEARISH: Final = re.compile(r"[0-9]{4}|[0-9][./][0-9]{1,2}[./][0-9]|[0-9]/[0-9]{2}\)")


def _find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first valid date in ``text`` with its span."""
    if not _YEARISH.search(text):  # cheap test first: the month patterns are slow to scan
        return None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = _date_from(match)
            if date is not None:
                return date, match.start(), match.end()
    return None


def _date_from(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if year < 100:
        year += 2000
    if groups.get("a") is not None:
        first, second = int(groups["a"]), int(groups["b"])
        # Ambiguous numeric dates: "/" is read the U.S. way (month first), "." the European way.
        if first > 12 or (groups["sep"] == "." and second <= 12):
            day, month = first, second
        else:
            month, day = first, second
    else:
        raw_month = groups["m"].lower()
        month = int(raw_month) if raw_month.isdigit() else _MONTHS.get(raw_month, 0)
        day = int(groups["d"])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_TIME_PART: Final = re.compile(r"^\d{1,2}[:.h]\d{2}(?:[ ]?[ap]\.?m\.?)?(?:[ ]?[A-Z]{2,4})?$", re.I)
_GLUED_TIME: Final = re.compile(r"\b((?:19|20)\d\d)(\d\d?:\d\d)\b")
_GLUED_ARTICLE: Final = re.compile(r"^((?:[Ll]e|[Ee]l))(?=\d)")
_UNIQUE_ID: Final = re.compile(r",?[ ]*UNIQUE ID:?[ ]*\S+$")


@_line_cache
def _dateline(text: str) -> tuple[dt.date, _Parts] | None:
    """A line that is a date, possibly with places or issuers around it.

    "Paris, le 24 janvier 2018", "January 24, 2018 - Ottawa, Ontario - Global Affairs Canada",
    "By U.S. Embassy Paris | 24 January, 2018 | Topics: News", "14.01.2020 - Press release".
    Returns the date and the other parts as ``("place" | "issuer" | "poster" | "kind", text)``
    ("poster": a "By ..." part), or None when the line holds anything else, so a sentence that
    mentions a date is not taken for a dateline.
    """
    if len(text) > 120 or not _DIGIT.search(text):
        return None
    text = _GLUED_ARTICLE.sub(r"\1 ", text)  # "Le17 mars 2020"
    text = _GLUED_TIME.sub(r"\1 \2", text)  # "27 September 201920:25"
    text = _UNIQUE_ID.sub("", text)  # the EEAS's "…, UNIQUE ID: 190513_26"
    found = _find_date(text)
    if found is None:
        return None
    date, start, end = found
    parts: list[tuple[str, str]] = []
    for piece in (*_DASH_SPLIT.split(text[:start]), *_DASH_SPLIT.split(text[end:])):
        part = _trim_part(_DATE_FILLER_END.sub("", _DATE_FILLER.sub("", piece)))
        if not part or _TOPICS.match(part) or _TIME_PART.match(part):
            continue  # "20:25", "4:30 p.m." beside the date
        if (by := _BY_PREFIX.match(part)) is not None:
            parts.append(("poster", part[by.end() :]))
        elif _is_office(part):
            parts.append(("issuer", part))
        elif _kind_of_type_line(part) is not None:
            parts.append(("kind", part))  # "14.01.2020 - Press release"
        elif _is_place_fragment(part) and _names_a_place(part):
            parts.append(("place", part))
        else:
            return None
    return _day_first_abroad(date, text[start:end], parts), tuple(parts)


_PLACE_PARTICLES: Final = frozenset(
    {"de", "del", "des", "du", "la", "le", "les", "of", "the", "d’", "d'", "y", "et", "and",
     "upon", "on", "am", "sur"}
)  # fmt: skip


def _names_a_place(part: str) -> bool:
    """ "Ottawa (Ontario)", "Washington, D.C.", "Rio de Janeiro": capitalised words; not "From
    the press briefing" or "Q&" (a title's dashes around a date are no dateline)."""
    words = part.replace("(", " ").replace(")", " ").split()
    letters = sum(c.isalpha() for c in part)
    lower = sum(w[0].islower() and w.lower() not in _PLACE_PARTICLES for w in words)
    return letters >= 2 and "&" not in part and lower < 2  # "Affaires mondiales Canada" passes


_SLASH_DATE: Final = re.compile(r"^(\d{1,2})/(\d{1,2})/\d{2,4}$")
_US_PLACE: Final = re.compile(
    r"\b(?:washington|new york|d\.?c\.?|u\.?s\.?a?\.?|united states)\b", re.I
)


def _day_first_abroad(date: dt.date, written: str, parts: list[tuple[str, str]]) -> dt.date:
    """ "Brussels, 10/11/2020": an ambiguous slash date next to a place outside the United
    States is day first (the U.S. reading is the default)."""
    match = _SLASH_DATE.match(written)
    if match is None or int(match[1]) > 12 or int(match[2]) > 12 or match[1] == match[2]:
        return date
    places = [part for role, part in parts if role == "place"]
    if not places or any(_US_PLACE.search(p) for p in places):
        return date
    try:
        return dt.date(date.year, date.day, date.month)
    except ValueError:
        return date


def _trim_part(text: str) -> str:
    """Trim separators around a dateline part, keeping the dot of "D.C."."""
    text = text.strip(" ,;")
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1].rstrip()
    return text


def _is_place_fragment(text: str) -> bool:
    """A short capitalised name that may be a place when it sits next to a date."""
    words = text.split()
    return (
        0 < len(words) <= 5
        and len(text) <= 50
        and text[0].isupper()
        and not _DIGIT.search(text)
        and not _has_title_words(text)
        and not _is_prose(text)
    )


_NOT_PLACE: Final = re.compile(r"\b(?:news|government|politics|topics|press|releases?)\b", re.I)


@_line_cache
def _is_place(text: str) -> bool:
    """ "City, Country" or "City, State" on a line of its own, or a city of the gazetteer
    alone ("Washington D.C.", "Buenos Aires")."""
    if "," not in text:
        return len(text) <= 40 and _is_city(text)
    if len(text) > 60 or _DIGIT.search(text) or _has_title_words(text):
        return False
    if _NOT_PLACE.search(text):
        return False  # a posting's categories ("Government, World News")
    parts = [p.strip() for p in text.split(",")]
    return len(parts) <= 3 and all(
        p and p[0].isupper() and len(p.split()) <= 4 and not p.endswith((":", ";", "!", "?"))
        for p in parts
    )


@_line_cache
def _is_office(text: str) -> bool:
    return len(text) <= 90 and bool(
        _OFFICE_PREFIX.match(text)
        # (a headline may end in one: "… Summons Zimbabwean Ambassador to Foreign Office")
        or (_OFFICE_SUFFIX.search(text) and len(text.split()) <= 7)
    )


def _strip_honorifics(name: str) -> str:
    while True:
        stripped = _HONORIFIC.sub("", name, count=1)
        if stripped == name or len(stripped.split()) < 2 or not stripped[0].isupper():
            return name
        name = stripped


def _titled_name(text: str) -> tuple[str, str] | None:
    """ "Secretary of State Rex W. Tillerson" -> ("Rex W. Tillerson", "Secretary of State")."""
    words = text.split()
    # A name has six words at most: only the last six words can start it (a long line would
    # otherwise cost its length squared).
    for i in range(max(1, len(words) - 6), len(words) - 1):
        name, title = " ".join(words[i:]), " ".join(words[:i]).rstrip(",")
        if (
            words[i].lower() not in _TITLE_TAIL_WORDS
            and words[i - 1].lower() not in _TITLE_CONNECTORS  # "Secretario de | Estado ..."
            and _is_person_name(name)
            and _has_title_words(title)
        ):
            return name, title
    return None


@_line_cache
def _is_person_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or len(text) > 60 or _DIGIT.search(text):
        return False
    if not (words[0][0].isupper() and words[-1][0].isupper()):
        return False
    return all(
        w[0].isupper() or w.lower() in _NAME_PARTICLES or w.split("-")[0] in _NAME_PARTICLES
        for w in words
    ) and not _has_title_words(text)


def _name_and_title(text: str) -> tuple[str, str] | None:
    """ "Michael R. Pompeo, Secretary of State" -> name and title."""
    name, sep, title = text.partition(", ")
    if not sep:
        return None
    name = _strip_honorifics(name.strip())
    if _is_person_name(name) and _has_title_words(title):
        return name, title.strip()
    return None


_LEADING_ARTICLE: Final = re.compile(r"^(?:the|el|la|le|l['’])\s*", re.I)
_DEFINITION: Final = re.compile(r"^[ ]{0,3}:[ ]+")
_COLUMNS: Final = re.compile(r"[ ]{5,}")
# ReliefWeb's link after its "Published on 31 Jul 2019" line.
_VIEW_ORIGINAL: Final = re.compile(r"[ ]*[—–-]?[ ]*\[?View Original\]?(?:\([^)\n]*\))?[ ]*$")
# Header items run on in one line with separators ("**Press Statement** — Heather Nauert,
# Department Spokesperson", "Washington, DC · October 15, 2018").
_RUN_ON: Final = re.compile(r"[ ]+[—–·•][ ]+")
_TRAILING_DATELINE: Final = re.compile(r"\s*\([^()]{2,60}\)?\s*$")  # closing ")" maybe cut
_TRAILING_DATE: Final = re.compile(r",[ ]*[^,]{0,12}\d{1,2}[^,]{2,20}\d{4}[ ]*$")
_SIGNER_OPENING: Final = re.compile(r"^\s*(?:(?:by|of|from|del|des|de|du)\b|d['’])\s*", re.I)
_KIND_SPLIT: Final = re.compile(r"\b(?:joint|press|fact|media|special)$", re.I)
_TITLE_CONNECTORS: Final = frozenset({"de", "del", "of", "du", "des", "la", "le", "the", "for",
                                      "pour", "para", "d’", "d'", "and", "et", "y"})  # fmt: skip


@_line_cache
def _person_line(text: str) -> tuple[str, str] | None:
    """A person and their title on one line, in any of the usual orders: "Cale Brown,
    porte-parole adjoint", "Secrétaire d’Etat, Mike Pompeo", "El Secretario de Estado
    Michael R. Pompeo", "DECLARACION DE LA VOCERA MORGAN ORTAGUS" (a type line naming its
    signer)."""
    match = _TYPE_LINE.match(text)
    tail = match.group("tail") if match is not None else None
    if tail and not text.isupper():
        # "Déclaration de Jean-Yves Le Drian, ministre de l’Europe ... (Paris, 12 septembre
        # 2017)": the signer after the kind, the dateline in brackets left aside.
        signer = _TRAILING_DATELINE.sub("", _SIGNER_OPENING.sub("", tail))
        signer = _TRAILING_DATE.sub("", signer)  # "… Heather Nauert, 18 de julio de 2017"
        pair = _name_and_title(signer)
    else:
        pair = None
    pair = pair or _name_and_title(text)
    title, sep, name = text.rpartition(", ")
    if pair is None and sep and _has_title_words(title):
        name = _strip_honorifics(name)
        pair = (name, title) if _is_person_name(name) else None
    if pair is not None:
        return pair
    if text.isupper() and text.title() != text:  # capitals: read in title case, keep the title's
        pair = _person_line(text.title())
        return (pair[0], pair[1].capitalize()) if pair is not None else None
    if tail:
        text = _LEADING_ARTICLE.sub("", _TRAILING_DATE.sub("", _SIGNER_OPENING.sub("", tail)))
        if (signed := _title_and_surname(text)) is not None:
            return signed
    return _titled_name(_LEADING_ARTICLE.sub("", text))


def _title_and_surname(signer: str) -> tuple[str, str] | None:
    """ "Declaración del Secretario Tillerson": a title and a surname also sign."""
    *title_words, surname = signer.split() or [""]
    if (
        title_words
        and len(title_words) <= 4
        and surname[:1].isupper()
        and surname.isalpha()
        and _has_title_words(" ".join(title_words))
        and not _has_title_words(surname)
    ):
        return _titled_name(signer) or (surname, " ".join(title_words))
    return None


@_line_cache
def _kind_of_type_line(text: str) -> str | None:
    if len(text) > 90:
        return None
    match = _TYPE_LINE.match(text)
    if match is None:
        return None
    group = next(g for g in _KIND_BY_GROUP if match.group(g) is not None)
    return _KIND_BY_GROUP[group]


@_line_cache
def _is_bare_kind(text: str) -> bool:
    """A heading that only names a kind ("## Statement") or a date is a header line."""
    match = _TYPE_LINE.match(text)
    if match is not None:
        return match.group("tail") is None
    found = _dateline(text)
    return found is not None and not found[1]


def _is_strong_header(text: str) -> bool:
    """A line that only appears in a release header: used to tell new releases apart."""
    if not text or len(text) > 120:
        return False
    return _kind_of_type_line(text) is not None or _is_header_field(text)


@_line_cache
def _is_header_field(text: str) -> bool:
    """A date, time, label, office, place or "Name, Title" line (type lines aside)."""
    if _dateline(text) is not None or _label_value(text) is not None or _TIME_LINE.match(text):
        return True
    if _is_prose(text):
        return False
    return (
        _is_bare_kind(text)
        or _is_office(text)
        or _is_place(text)
        or _name_and_title(text) is not None
        or _title_and_name(text) is not None
    )


def _title_and_name(text: str) -> tuple[str, str] | None:
    """ "Secretario de Estado, Michael R. Pompeo": a title, then the person's name; returns
    (name, title) or None."""
    title, sep, name = text.rpartition(", ")
    name = _strip_honorifics(name)
    if (
        sep
        and len(title.split()) <= 6  # a title, not a headline ending in a name
        and _has_title_words(title)
        and _is_person_name(name)
    ):
        return name, title
    return None


@_line_cache
def _label_value(text: str) -> tuple[str, str] | None:
    """(label, value) of a ``From:``/``Published``-style line, or None."""
    match = _LABELED.match(text)
    if match is None:
        return None
    label, value = match.group("label").lower(), match.group("value").strip()
    if match.group("colon"):
        return label, value
    if text.startswith("from ") and value[:1].isupper() and len(value.split()) <= 6:
        return label, value  # ReliefWeb's "from UN Secretary-General": no sentence starts so
    # Without a colon only a capitalised date label followed by a date (or nothing) counts:
    # "Published 3 March 2020"; "From the start ..." is a sentence.
    if (
        label in _DATE_LABELS | _IGNORED_LABELS
        and text[0].isupper()
        and (_find_date(value) or not (value or label.startswith("prononc")))
    ):  # (a bare "Prononcé le" stays in the text, where it still says "a speech")
        return label, value
    return None


# --------------------------------------------------------------------------------------------
# Page chrome: navigation, share rows and footer blocks of the web page around a release

# A link, possibly around an image (a site logo: "[![Site name](logo.png)](/)").
_MD_LINK: Final = r"!?\[(?:[^\[\]\n]|!?\[[^\]\n]*\]\([^)\n]*\))*\]\([^)\n]*\)"
# A line made only of links: a site name, a skip link, a share/print row, "Back to ...".
_LINK_ROW: Final = re.compile(rf"^[ ]*(?:{_MD_LINK}[ ]*[|·•,;/:]?[ ]*)+$")
_LINK_TEXT: Final = re.compile(r"^[ ]*!?\[([^\]\n]*)\]\([^)\n]*\)[ ]*$")
# A breadcrumb trail: links (or "Home") joined by separators, the last crumb maybe plain text.
_BREADCRUMB: Final = re.compile(
    r"^[ ]*(?:(?:you are (?:here|in)|vous [êe]tes ici|usted est[áa] aqu[íi])[ ]*:?[ ]*)?"
    rf"(?:{_MD_LINK}|home|accueil|inicio|startseite|canada\.ca)[ ]*(?:[›>»→/|]|::)[ ]*\S",
    re.I,
)
# A share/print row or skip link written without links.
_CHROME_WORDS: Final = re.compile(
    r"^[*_ ]*(?:(?:share|print|e-?mail|tweet|twitter|x|facebook|linkedin|whatsapp|telegram|"
    r"copy link|partager|imprimer|envoyer|compartir|imprimir|enviar)\b[ |·•,/]*){1,8}[*_ ]*$|"
    r"^[*_ ]*(?:skip to (?:the )?(?:main )?content|skip navigation|aller au contenu(?: principal)?|"
    r"ir al contenido(?: principal)?|back to top|retour en haut(?: de (?:la )?page)?|"
    r"volver arriba|asset publisher|jpeg|png|gif|image|photo|print this page|close window|"
    r"print this page \| close window)[*_ ]*$|"
    # a skip link in Korean ("본문 바로가기": go to the text), a language switcher ("en-GB1
    # ru-RU1"), a pager ("Début Précédent 1 2 3 4 5 Suivant Fin", "« Previous 1 2 Next »")
    r"^[*_• ]*\S++(?: \S++)? 바로가기[*_ ]*$|"
    # a reading time ("9 MINUTE READ", "16 min read", "3 Se lee en un minuto", "Lecture : 4
    # min"), a listing's counter ("Displaying 31 - 40 of 6024", "Page 2 of 15")
    r"^[*_• ]*(?:\d{1,3} ?(?:min(?:ute)?s?\.?|mn) (?:read|de lecture|de lectura)|"
    r"(?:\d{1,3} )?se lee en (?:un|\d{1,3}) minutos?|"
    r"(?:reading time|read time|temps de lecture|lecture|tiempo de lectura)[ ]*:?[ ]*"
    r"\d{1,3} ?(?:min(?:ute)?s?|mn)\.?|"
    r"(?:displaying|showing|affichage(?: de)?|mostrando|r[ée]sultats?|results?|page) "
    r"\d{1,6}(?: ?(?:[-–]|to|[àa]|a) ?\d{1,6})? (?:of|sur|de) \d{1,7}(?: results?| r[ée]sultats?)?)"
    r"[*_ ]*$|"
    r"^[*_• ]*(?:[a-z]{2}-[A-Z]{2}\d?[ ]*){2,}$|"
    r"^[*_•« ]*(?:(?:d[ée]but|pr[ée]c[ée]dent|suivant|fin|first|previous|prev|next|last|"
    r"primero|anterior|siguiente|[úu]ltimo|\d{1,3}|[«»‹›<>…])[ ]+){3,}"
    r"(?:d[ée]but|pr[ée]c[ée]dent|suivant|fin|first|previous|prev|next|last|primero|anterior|"
    r"siguiente|[úu]ltimo|\d{1,3}|[«»‹›<>…])[*_ ]*$",
    re.I,
)
# The heading (or short line) of a navigation block at the foot of a page: the block runs to
# the next rule or the next heading that is not itself such a block.
_NAV_LABEL: Final = (
    r"tags?|topics?|keywords?|etiquetas|temas|mots[- ]cl[ée]s|th[èe]mes?|"
    r"related(?: (?:articles?|content|news|stories|information|documents?|pages?|links|"
    r"posts|releases|resources|topics))?|more like this|you (?:may|might) also (?:like|be "
    r"interested in)|read (?:more|next)|more (?:news|stories|releases|from [\w .&'’-]{1,40})|"
    r"latest (?:news|releases)|explore the topic|see also|voir aussi|[àa] lire aussi|"
    r"lire aussi|sur le m[êe]me (?:sujet|th[èe]me)|articles? (?:connexes|li[ée]s|similaires)|"
    r"(?:contenus?|liens|actualit[ée]s) (?:connexes|li[ée]s|associ[ée]s)|dans la m[êe]me rubrique|"
    r"v[ée]ase tambi[ée]n|ver tambi[ée]n|art[íi]culos relacionados|"
    r"(?:noticias|entradas|publicaciones|contenidos?|enlaces) relacionad[oa]s|"
    r"m[áa]s (?:noticias|informaci[óo]n relacionada)|more on this topic|"
    r"search for related information by keyword|"
    r"recherche d['’]information connexe par mot-cl[ée]|share this page"
)
# The heading (or short line) of a navigation block at the foot of a page: the block runs to
# the next rule or the next heading that is not itself such a block.
_NAV_BLOCK: Final = re.compile(rf"^[*_ ]*(?:{_NAV_LABEL})[*_ ]*:?[*_ ]*$", re.I)
# "Tags: [Iran](#), [Press Releases](#)", "**Related Links:** [..](#) | [..](#)": a
# navigation block on one line.
_NAV_LINE: Final = re.compile(
    rf"^[*_ ]*(?:{_NAV_LABEL})[*_ ]*:[*_ ]*(?:{_MD_LINK}[ ]*[|·•,;/]?[ ]*)+$", re.I
)
# A menu item: a bullet made only of links ("- [Home](/)").
_LINK_BULLET: Final = re.compile(rf"^ {{0,6}}[-*+•][ ]+(?:{_MD_LINK}[ ]*[|·•,;/]?[ ]*)+$")
_LANGUAGE_NAMES: Final = (
    r"(?:english|fran[çc]ais|french|espa[ñn]ol|spanish|deutsch|portugu[êe]s|italiano|русский|"
    r"中文|العربية|日本語|한국어|हिन्दी|اردو|فارسی|türkçe|українська|bahasa)"
)
# Cookie banners, search boxes and language/accessibility switches written without links.
_BANNER: Final = re.compile(
    r"^[*_ ]*(?:photo(?: credit)?[ ]*:.*|cr[ée]dit photo[ ]*:.*|"  # "Photo: State Department"
    r"tell us whether you accept cookies|cookies? on [\w .-]{1,40}|"
    r"(?:accept|reject|manage|refuse)(?: all| additional| optional)? cookies|"
    r"cookie (?:settings|preferences|policy|banner)|we use (?:some )?(?:essential )?cookies\b.*|"
    r"this (?:site|website) uses cookies\b.*|search(?: this site| the site)?|"
    r"rechercher|buscar|menu|main menu|navigation|close|fermer|cerrar|"
    r"(?:change |select )?language|langue|idioma|a- a a\+|here['’]s how you know|"
    r"traductions en fran[çc]ais|traducciones en espa[ñn]ol|translations|traductions|"
    r"[•·]?[ ]*(?:printer[- ]friendly(?: version)?|print this (?:page|post)|"
    r"e-?mail this (?:page|post)|(?:(?:decrease|increase|reset) (?:text|font) size[ ]*)+)|"
    r"showing posts (?:with label|from|for) .*|show all posts|older posts|newer posts|"
    r"welcome to the united nations|"
    r"mostrando (?:las )?entradas .*|in progress at unhq|en cours au si[èe]ge de l['’]onu|"
    r"canada news centre|"
    r"(?:menu|you are here|vous [êe]tes ici|usted est[áa] aqu[íi])[ ]*:.*|"
    r"(?:categor(?:y|ies)|cat[ée]gories?|categor[íi]as?|filed under|topics?|th[èe]mes?|"
    r"temas?)[ ]*:.*|(?:tag|category) archives?[ ]*:.*|"
    r"this entry was posted in\b.*|"  # a blog's foot line
    r"search this blog|diplomacy in action|blog archives?|"  # Blogger's, state.gov's old tagline
    r"table of contents|contents|sommaire|table des mati[èe]res|[íi]ndice|contenido|"
    r"(?:available in|disponible en|disponible dans)[ ]*:(?:[ ]*[^\s.;]+(?:[ ]*[,·|][ ]*"
    r"[^\s.;]+)*)?|"  # a translation's language row
    r"(?:search|rechercher)[ ]+(?:search[ ]+)?(?:canada\.ca|gov\.uk|dans canada\.ca)|"
    r"(?:government of canada|gouvernement du canada)(?:[ ]*/[ ]*(?:gouvernement du canada|"
    r"government of canada))?|"
    r"(?:share|partager|compartir)(?: this page| cette page)?(?: ?:)?(?:[ ,|·]+(?:on )?"
    r"(?:facebook|twitter|linkedin|e-?mail|courriel|correo|whatsapp|print|imprimer))*|"
    rf"{_LANGUAGE_NAMES}(?:[ ,|/·]+{_LANGUAGE_NAMES})*|"  # a language switch: "English English"
    # A site's name written as its domain, with its tagline ("STL.News", "GlobalSecurity.org",
    # "TRANSLATIONS.STATE.GOV -- Traductions en français"): a masthead, never a title.
    r"(?:www\.)?[a-z][\w-]*(?:\.[\w-]+)*\.(?:com|org|net|news|gov|info|int|co\.uk|uk|fr|ca|es)"
    r"(?:[ ]+(?:--|[–—|-])[ ]+[^\n]{1,40})?|"
    r"(?-i:[A-Z][\w.]+(?: [A-Z][\w.]+){0,3} News)|"  # a news site's name ("Imperial Valley News")
    r"[\w.]+(?: [\w.]+){0,3} ?news ?wire|"  # a newswire's ("WEB NEWSWIRE")
    r"[^>›»\n]{1,40}(?:[ ][>›»][ ][^>›»\n]{1,40}){2,})[*_ .:]*$",  # "Canada.ca > GAC > News"
    re.I,
)
# Government site banners ("An official website of the United States government"), any length.
_GOV_BANNER: Final = re.compile(
    r"^[>*_ ]*(?:an official website of the\b|official websites use \.\w|"
    r"un site (?:web )?officiel du gouvernement des [ée]tats-unis[ .]*(?:$|voici\b)|"
    r"un sitio web oficial del gobierno de (?:los )?estados unidos[ .]*(?:$|as[íi] es como\b)|"
    r"secure \.\w+ websites use https|an? [*_]*\.gov[*_]* website belongs to|"
    r"an? [*_]*lock[*_]* \(|you are viewing [*_]*archived content|"
    r"(?:\d{4}[-–]\d{4} )?archived content[ .]*$|"  # the State archive's banner
    r"content in this archive site is|for current information, go to\b|"
    r"we use (?:some )?(?:essential )?cookies\b|we(?:['’]d| would) like to set (?:additional )?"
    r"cookies|we also use cookies\b|this (?:site|website) uses (?:[^.]{0,60} )?cookies\b|"
    r"ce site utilise des cookies\b|este sitio (?:web )?utiliza cookies\b|"
    r"by continuing to (?:browse|use this site)[^.]{0,40}cookies|"
    r"(?:preferences|statistics|marketing|necessary|analytics) cookies$|"
    # A translation's note on itself ("French translation of “…”", "(Traducción de cortesía.
    # Solo debe considerarse documento oficial la versión original en inglés)").
    r"(?:french|spanish|english|arabic|russian|portuguese|chinese) translation of\b|"
    r"\(?(?:traducci[óo]n de cortes[íi]a|traduction de courtoisie|courtesy translation)\b)",
    re.I,
)
# Page metadata that is not the release date ("Date modified: 2020-01-12").
_MODIFIED: Final = re.compile(
    r"^[*_ ]*(?:date modified|last modified|page last updated|date de modification|"
    r"modifi[ée] le|derni[èe]re modification|fecha de modificaci[óo]n|[úu]ltima modificaci[óo]n)"
    r"[*_ ]*(?P<colon>:)?[*_ ]*(?P<value>.*)$",
    re.I,
)


# Section headings of a release page: never the title of a new release, whatever follows.
_PAGE_SECTION: Final = re.compile(
    r"^(?:contacts?|media (?:contacts?|enquiries|inquiries|relations)|press contacts?|"
    r"for journalists|associated links|quick facts|quotes|further information|"
    r"notes? to editors|background(?: information)?|contacts? (?:presse|m[ée]dias)|"
    r"liens connexes|faits en bref|citations|contactos?(?: de prensa)?|enlaces relacionados|"
    r"datos r[áa]pidos|citas|personnes-ressources|service des relations avec les m[ée]dias|"
    r"media relations office|[àa] propos de ce site|about this site|page details|"
    r"d[ée]tails de la page|texte int[ée]gral|full text|texto (?:completo|[íi]ntegro)|"
    r"transcript)[ ]*:?$",
    re.I,
)


_LANGUAGE_RE: Final = re.compile(rf"^{_LANGUAGE_NAMES}$", re.I)
# (No "\b" after the name: "हिन्दी" ends in a vowel sign, which is no word character.)
_LANGUAGE_START: Final = re.compile(rf"^[\[* ]*{_LANGUAGE_NAMES}(?!\w)", re.I)
_SWITCH_SEPARATORS: Final = re.compile(r"[,|/·•]")
_BRACKETED: Final = re.compile(r"\s*\([^()]{1,20}\)")


def _is_language_switch(text: str) -> bool:
    """ "Español Español, English English, العربية العربية, हिन्दी हिन्दी": each item a
    language name, or a name written twice (a link label and its text), one known at least."""
    if not _LANGUAGE_START.match(text):  # cheap test first: most lines are not switches
        return False
    text = _BRACKETED.sub("", text)  # "中文 (中国)"
    items = [item.split() for item in _SWITCH_SEPARATORS.split(text) if item.strip()]
    if not 2 <= sum(len(words) for words in items) <= 40:
        return False
    known = False
    for words in items:
        if len(words) == 2 and words[0] == words[1]:
            known = known or bool(_LANGUAGE_RE.match(words[0]))
        elif len(words) == 1 and _LANGUAGE_RE.match(words[0]):
            known = True
        else:
            return False
    return known


def _is_menu_row(text: str) -> bool:
    """A plain menu row: three or more short items between bars, no figures ("Home | News &
    Events | Visas", "Copyright | FAQ | Privacy Notice")."""
    text = text.strip(" |")  # a row wrapped over two lines ends or starts in a bar
    if text.count(" | ") < 1 or _DIGIT.search(text):
        return False
    items = text.split(" | ")
    return len(items) >= 3 and all(0 < len(item.split()) <= 4 for item in items)


# A signer's name as the State Department links it: given name, initial, surname ("Michael R.
# Pompeo", "Antony J. Blinken"); and its linked office.
_LINKED_SIGNER: Final = re.compile(
    r"^(?:[A-Z][a-z]+ (?:[A-Z]\. )+[A-Z][\w'’-]+(?:,? Jr\.)?|Office of the Spokes(?:person|man))$"
)


# A news agency's own dateline on its copy of a release ("(AGENPARL) – OTTAWA (CANADA), dom 19
# aprile 2020"), above the release's own.
_WIRE_CREDIT: Final = re.compile(r"^\([A-Z]{3,12}\)[ ]+[–—-][ ]+\S")
# A web address alone on a line (a print view's), and a row of bracketed buttons.
_BARE_URL: Final = re.compile(r"^<?(?:https?://|www\.)\S+$")
_BUTTON_ROW: Final = re.compile(r"^(?:\[[ ]?[A-Za-z][\w ]{1,20}[ ]?\][ ]*){1,4}$")


@_line_cache
def _is_chrome(line: str) -> bool:
    """A line of page chrome: navigation, breadcrumb, share row, skip link."""
    stripped = line.strip()
    if stripped[0] in "[!":
        if _LINK_ROW.match(stripped):
            # A linked type line ("[Readout](/readout/)", 2019+ State pages) is a header line.
            # So is a linked byline ("[Michael R. Pompeo](#)", 2019 State pages).
            single = _LINK_TEXT.match(stripped)
            linked = single.group(1).strip() if single is not None else ""
            return single is None or (
                _kind_of_type_line(linked) is None and not _LINKED_SIGNER.match(linked)
            )
        plain = _inline(stripped).strip("[] ")  # "[English](#) English", "[Skip to content]"
        return bool(
            _BREADCRUMB.match(stripped)
            or _BUTTON_ROW.match(stripped)  # a print view's "[ Print ]  [ Close Window ]"
        ) or ((0 < len(plain) <= 60 and bool(_BANNER.match(plain))) or _is_language_switch(plain))
    if "](" in stripped and _NAV_LINE.match(stripped):
        return True
    if (
        _GOV_BANNER.match(stripped)
        or _is_language_switch(stripped)
        or _BREADCRUMB.match(stripped)
        or _BARE_URL.match(stripped)  # a print view's address
        or _WIRE_CREDIT.match(stripped)
        or _is_menu_row(stripped)
        or _READ_MORE.match(stripped)  # a listing's "Read more »"
    ):
        return True
    judged = stripped
    if "](" in stripped and len(stripped) <= 200:  # "Partager [Facebook](#)": judged on its text
        judged = _inline(stripped)
    if len(judged) > 60:
        return False
    return bool(
        _CHROME_WORDS.match(judged)
        or (judged != stripped and _BREADCRUMB.match(judged))  # the line was tested above
        or _BANNER.match(judged)
    )


# The chrome passes look at every line of every page, and the pages of one site share their
# chrome: what they ask of a line is kept with the other line predicates.
_is_nav_label: Final = _cached_test(_NAV_BLOCK)


_is_link_bullet: Final = _cached_test(_LINK_BULLET)


@_line_cache
def _modified_value(text: str) -> str | None:
    """The value of decoy metadata ("Date modified: 2020-01-12"), or None when ``text`` is
    none (a "Last modified" label needs a colon or a date)."""
    match = _MODIFIED.match(text)
    if match is None:
        return None
    value = match.group("value").strip()
    return value if match.group("colon") or _find_date(value) is not None else None


def _blank_chrome(lines: list[tuple[int, str]], tags: list[int]) -> frozenset[int]:
    """Blank out page chrome in place: the lines stay (numbers and raw slices are unchanged)
    but read as blank lines from here on. Returns where a site's own menu was: the line above
    one opening the page is the site's name, not a title."""
    n = len(lines)
    menus: set[int] = set()
    i = 0
    while i < n:
        tag = tags[i]
        if tag not in (_TEXT, _HEADING_LINE):
            i += 1
            continue
        number, line = lines[i]
        text = _heading_text(line)[1] if tag == _HEADING_LINE else line.strip()
        if len(text) <= 60 and _is_nav_label(text):
            i = _blank_nav_block(lines, tags, i)
            continue
        if tag == _TEXT and (
            (j := _menu_end(lines, tags, i)) > i or (j := _envelope_end(lines, i)) > i
        ):
            if _is_site_menu(" ".join(_inline(line) for _, line in lines[i:j])):
                menus.add(i)
            lines[i:j] = [(number, "") for number, _ in lines[i:j]]
            tags[i:j] = [_BLANK] * (j - i)
            i = j
            continue
        value = _modified_value(text) if tag == _TEXT and len(text) <= 60 else None
        if value is not None:
            lines[i], tags[i] = (number, ""), _BLANK
            if not value:
                k = _filled_after(tags, i + 1)
                if k < n and tags[k] == _TEXT and _dateline(lines[k][1].strip()) is not None:
                    lines[k], tags[k] = (lines[k][0], ""), _BLANK
            i += 1
            continue
        if (
            tag == _TEXT
            and _is_chrome(line)
            and not _follows_label(lines, tags, i)
            and not _linked_byline(lines, tags, i)
        ):
            if _is_site_menu(_inline(line)):
                menus.add(i)
            lines[i], tags[i] = (number, ""), _BLANK
            k = i + 1  # a menu row wrapped over two lines ("… | Security Council |" / "… |
            # Press Briefings"): its second line goes too
            if (
                line.rstrip().endswith("|")
                and k < n
                and tags[k] == _TEXT
                and _menu_row_goes_on(lines[k][1].strip())
                and _is_menu_row(f"{line.strip()} {lines[k][1].strip()}")
            ):
                lines[k], tags[k] = (lines[k][0], ""), _BLANK
                i = k
        i += 1
    return frozenset(menus)


def _menu_row_goes_on(text: str) -> bool:
    """Whether the line under a menu row ending in a bar goes on with its items ("Economic
    and Social Council | Press Briefings", "Citizen Services"), rather than being a title
    ("Statement on Venezuela": a word in lower case, or a kind)."""
    if " | " in text:
        return True
    words = text.split()
    return len(words) <= 3 and all(w[:1].isupper() for w in words) and _kind_in_title(text) is None


def _is_site_menu(text: str) -> bool:
    """A site's own menu ("Home · News · Sports", "Inicio | Actualizaciones | Países"), not a
    share or tag row: it links the home page or holds two menu words."""
    if ":" in text:  # "Category: World News" is a label, not a menu
        return False
    words = set(text.replace("·", " ").replace("|", " ").split())
    return bool(words & _HOME_WORDS) or len(words & _MENU_WORDS) >= 2


_HOME_WORDS: Final = frozenset({"Home", "HOME", "Accueil", "ACCUEIL", "Inicio", "INICIO", "Início"})


_ENVELOPE: Final = re.compile(r"^(?:from|to|cc|date|sent)[ ]?:[ ]+\S", re.I)
_ENVELOPE_TO: Final = re.compile(r"^to[ ]?:[ ]+\S+@\S+", re.I)


def _envelope_end(lines: list[tuple[int, str]], i: int) -> int:
    """End of an e-mail's envelope at ``i`` ("From: U.S. Embassy Baghdad" / "To:
    newsdesk@example.org"): the sender is the mailing list's, not the release's byline."""
    if lines[i][1].lstrip()[:4].lower() != "from" or i + 1 >= len(lines):
        return i
    if not _ENVELOPE_TO.match(lines[i + 1][1].strip()):
        return i
    j = i + 2
    while j < len(lines) and _ENVELOPE.match(lines[j][1].strip()):
        j += 1
    return j


def _blank_nav_block(lines: list[tuple[int, str]], tags: list[int], i: int) -> int:
    """Blank a navigation block from its label at ``i`` to the next rule or the next heading
    that is no such label; returns where it ends."""
    if _opens_a_release(lines, tags, i):
        # A listing's label ("Latest News") over its releases: the label alone.
        lines[i], tags[i] = (lines[i][0], ""), _BLANK
        return i + 1
    j = i
    while j < len(lines) and tags[j] not in (_RULE_LINE, _FOOTER_LINE):
        if j > i and tags[j] == _HEADING_LINE and not _is_nav_label(_heading_text(lines[j][1])[1]):
            break
        if j > i and tags[j] == _TEXT and _bold_item_title(lines, tags, j):
            break  # a listing's first item further down ("Latest News" / "[…]" / "**Title**")
        lines[j], tags[j] = (lines[j][0], ""), _BLANK
        j += 1
    return j


def _opens_a_release(lines: list[tuple[int, str]], tags: list[int], i: int) -> bool:
    """Whether a navigation label at ``i`` stands over a listing's releases rather than over
    links: a bold title with a paragraph of prose under it comes next."""
    j = _filled_after(tags, i + 1)
    return j < len(lines) and tags[j] == _TEXT and _bold_item_title(lines, tags, j)


def _linked_byline(lines: list[tuple[int, str]], tags: list[int], i: int) -> bool:
    """ "[Office of the Spokesperson](#)" right below "[Media Note](/press-releases/)" (2019+
    State pages link both): the byline, not a navigation link."""
    single = _LINK_TEXT.match(lines[i][1])
    if single is None:
        return False
    text = single.group(1).strip()
    if not (_is_office(text) or _is_person_name(text)):
        return False
    j = i - 1
    while j >= 0 and tags[j] == _BLANK and not lines[j][1].strip():
        j -= 1
    return j >= 0 and _kind_of_type_line(_inline(lines[j][1])) is not None


def _menu_end(lines: list[tuple[int, str]], tags: list[int], i: int) -> int:
    """End of a menu starting at the link bullet ``i``: bullets made only of links, two or
    more, the last one maybe a short plain item (the current page); ``i`` when it is none."""
    if not _is_link_bullet(lines[i][1]):
        return i
    links = 0
    last = i
    j = i
    while j < len(tags) and tags[j] in (_BLANK, _TEXT):
        if tags[j] == _TEXT:
            line = lines[j][1]
            if _is_link_bullet(line):
                links += 1
            elif _BULLET.match(line) and links >= 2:
                item = _inline(_BULLET.sub("", line, count=1))
                if len(item) <= 150 and not _ends_sentence(item):
                    last = j
                break
            else:
                break
            last = j
        j += 1
    return last + 1 if links >= 2 else i


def _follows_label(lines: list[tuple[int, str]], tags: list[int], i: int) -> bool:
    """Whether line ``i`` is the value of a label line above it ("From:" then a link), over
    twelve blank lines at most (a dump of blanked menu rows would cost its length squared)."""
    j = i - 1
    while j >= max(0, i - 12) and tags[j] == _BLANK and not lines[j][1].strip():
        j -= 1
    return j >= 0 and tags[j] == _TEXT and lines[j][1].rstrip().endswith(":")


# --------------------------------------------------------------------------------------------
# Splitting a document into releases


def _title_end(lines: list[tuple[int, str]], tags: list[int], i: int, end: int) -> int:
    """Index after the last heading of a title that starts at ``i`` (split headings joined)."""
    level = _heading_text(lines[i][1])[0]
    last = i
    j = i + 1
    while j < end:
        if tags[j] == _BLANK:
            j += 1
            continue
        if tags[j] != _HEADING_LINE:
            break
        next_level, text = _heading_text(lines[j][1])
        if next_level != level or not text or j - last > 3 or _CHANNEL_PREFIX.match(text):
            break  # far below (menus between): the site's name above the page's title; or
            # a title of its own ("Press Releases: …")
        if _is_bare_kind(text) and not (text.startswith("(") and text.endswith(")")):
            # "# U.S.-Turkey Joint" / "# Statement": the kind word ends a split title (a
            # bracketed date, "# (18 February 2020)", goes with it).
            previous = _heading_text(lines[last][1])[1].rstrip("*_ ")
            if not _KIND_SPLIT.search(previous) and not previous.endswith(("-", "–", "—")):
                break  # ("# Department Press Briefing -" / "# March 23, 2017" goes on)
        last = j
        j += 1
    return last + 1


def _header_follows(lines: list[tuple[int, str]], tags: list[int], j: int, end: int) -> bool:
    """Whether the lines from ``j`` open a release header (first line or two of four)."""
    strong = seen = 0
    while j < end and seen < 4:
        tag = tags[j]
        if tag in (_RULE_LINE, _FOOTER_LINE):
            break
        if tag == _HEADING_LINE:
            text = _heading_text(lines[j][1])[1]
            if not _is_bare_kind(text):
                break
        elif tag == _TEXT:
            text = _inline(lines[j][1])
            if _BRACKETED_DATE_TITLE.match(text):
                break  # a dated title ("Situation au Nicaragua (16 juillet 2018)"), no header
        else:
            j += 1
            continue
        seen += 1
        if _is_strong_header(text) or (_is_person_name(text) and len(text.split()) <= 4):
            if seen == 1:
                return True  # a person's name right below: the byline ("Heather Nauert")
            strong += 1
        j += 1
    return strong >= 2


def _is_header_like(line: str) -> bool:
    text = _inline(line)
    return (
        0 < len(text) <= 100
        and not _is_prose(text)
        and not _FOOTNOTE.match(text)
        and not _BULLET.match(line)
    )


def _pre_title_start(
    lines: list[tuple[int, str]], tags: list[int], start: int, i: int
) -> tuple[int, bool]:
    """Where a byline block printed above the heading at ``i`` begins.

    Returns ``(index, bounded)``: ``index`` is ``i`` when there is no such block; ``bounded``
    says whether a rule or the chunk start closes the block (a real boundary).
    """
    first = i
    count = 0
    j = i - 1
    while j >= start:
        tag = tags[j]
        if tag == _BLANK:
            j -= 1
            continue
        if tag == _RULE_LINE:
            return first, True
        if tag == _HEADING_LINE and first < i and _only_datelines(lines, tags, first, i):
            return first, True  # a site's heading above a dateline ("# António Guterres" /
            # "29 September 2017, New York" / "### [The title](…)")
        if tag == _TEXT and count < 8 and _is_header_like(lines[j][1]):
            first = j
            count += 1
            j -= 1
            continue
        return i, False
    return first, True


def _listing_item_start(
    lines: list[tuple[int, str]], tags: list[int], start: int, i: int
) -> int | None:
    """Where the listing item whose heading is at ``i`` begins, if it is one: the next
    numbered item ("## 2. ..."), or a linked heading like the one the current release opened
    with ("### [Secretary Pompeo’s Call with …](…)" twice, a "2 Sep" between), from the
    dateline printed right above it."""
    level, text = _heading_text(lines[i][1])
    if level > 1 and _NUMBERED_ITEM.match(text):
        return i
    if level > 1 and _in_contents(lines, tags, i, text):
        return i  # an item the page's "In this issue:" list names
    if not _LINKED_HEADING.match(lines[i][1]):
        return None
    first = next((k for k in range(start, i) if tags[k] == _HEADING_LINE), None)
    if (
        first is not None
        and _LINKED_HEADING.match(lines[first][1])
        and _heading_text(lines[first][1])[0] == level
    ):
        return _dateline_above(lines, tags, start, i)
    return None


_BULLET_MARK: Final = re.compile(r"^[^\w(\[]+")


def _in_contents(lines: list[tuple[int, str]], tags: list[int], end: int, text: str) -> bool:
    """Whether a line before ``end`` lists ``text`` on its own (a table of contents: "In
    this issue:" / "◢  Covid-19 – China")."""
    wanted = _inline(text).casefold()
    if len(wanted) < 8:
        return False
    head = wanted[:6]
    return any(
        tags[k] == _TEXT
        and head in lines[k][1].casefold()  # cheap test first: most lines list nothing
        and _BULLET_MARK.sub("", _inline(lines[k][1])).casefold() == wanted
        for k in range(end)
    )


def _only_datelines(lines: list[tuple[int, str]], tags: list[int], start: int, end: int) -> bool:
    return all(
        tags[k] != _TEXT or _dateline(_inline(lines[k][1])) is not None for k in range(start, end)
    )


def _dateline_above(
    lines: list[tuple[int, str]], tags: list[int], start: int, i: int, *, bare: bool = False
) -> int:
    """Where a listing item begins: at the dateline printed right above its heading ("28
    September 2017, Security Council"), else at the heading. ``bare``: a date alone only (a
    dateline with a place there may close the release above: "New York, 28 July 2018")."""
    j = i - 1
    while j > start and tags[j] == _BLANK:
        j -= 1
    if j > start and tags[j] == _TEXT:
        found = _dateline(_inline(_BULLET.sub("", lines[j][1])))
        if found is not None and not (bare and found[1]):
            return j  # (a bulleted one too: "- October 22, 2020" / "### Title")
    return i


_LINKED_HEADING: Final = re.compile(r"^[ ]{0,3}#{1,6}[ ]+(?:\*\*)?\[[^\]]{10,}\]\(")


def _is_release_start(
    lines: list[tuple[int, str]], tags: list[int], start: int, i: int, end: int
) -> tuple[bool, int]:
    """Whether the heading at ``i`` opens a new release, and where that release begins."""
    level, text = _heading_text(lines[i][1])
    if len(text) <= 40 and _PAGE_SECTION.match(text):
        return False, i  # "## Contacts" above "Media Relations Office": a section, not a title
    cut, bounded = _pre_title_start(lines, tags, start, i)
    item = _listing_item_start(lines, tags, start, i)
    if item is not None:
        return True, item
    if (
        _CHANNEL_PREFIX.match(text)
        or _BRACKETED_DATE_TITLE.match(
            text
        )  # a French ministry's dated item: "Sudan (4 June 2019)"
        or _header_follows(lines, tags, _title_end(lines, tags, i, end), end)
    ):
        return True, cut
    if cut < i and bounded:
        block = [_inline(lines[k][1]) for k in range(cut, i) if tags[k] == _TEXT]
        if any(_is_strong_header(b) for b in block):
            return True, cut
    if level <= 2 and bounded and cut == i:
        # A level-1 heading right after a rule: the page title of the next dump; a level-2
        # one too, under a rule of asterisks or over a linked item's title ("* * *" / "##
        # Security Council Press Statement …"), not a section under "---" ("## Background").
        j = i - 1
        while j > start and tags[j] == _BLANK:
            j -= 1
        section = level == 2 and lines[j][1].lstrip().startswith("-") and "](" not in lines[i][1]
        return tags[j] == _RULE_LINE and not section, i
    return False, i


def _first_prose(lines: list[tuple[int, str]], tags: list[int], start: int, end: int) -> str:
    for k in range(start, end):
        if tags[k] == _TEXT and len(text := _inline(lines[k][1])) > 80 and _is_prose(text):
            return text
    return ""


def _translation_follows(lines: list[tuple[int, str]], tags: list[int], start: int, i: int) -> bool:
    """A heading over the same release in another language, further down the page ("# Statement
    … [scroll down for French version]" … "## Déclaration attribuable au porte-parole …")."""
    n = len(lines)
    before = _first_prose(lines, tags, start, i)
    after = _first_prose(lines, tags, i + 1, min(n, i + 12))
    if not before or not after:
        return False
    here, there = _guess_language(before), _guess_language(after)
    return here is not None and there is not None and here != there


def _next_listed_item(
    lines: list[tuple[int, str]], tags: list[int], start: int, i: int, text: str
) -> bool:
    """A listing's next item: a heading of the same level as the release's title, with
    no header lines of its own, after a body of one or two short paragraphs (a teaser)."""
    # (the first heading that is no section label: "## In Other News" / "### Title")
    title = next(
        (
            k
            for k in range(start, i)
            if tags[k] == _HEADING_LINE and not _SECTION_LABEL.match(_heading_text(lines[k][1])[1])
        ),
        None,
    )
    level = _heading_text(lines[i][1])[0]
    if title is None or _heading_text(lines[title][1])[0] != level or len(text.split()) < 3:
        return False
    after = _title_end(lines, tags, title, i)  # (a title split over two lines)
    paras = [k for k in range(after, i) if tags[k] == _TEXT]
    return (
        0 < len(paras) <= 2
        and all(tags[k] != _HEADING_LINE for k in range(after, i))
        and all(len(lines[k][1]) <= 600 for k in paras)
        and _is_prose(_inline(lines[paras[0]][1]))
    )


def _has_content(tags: list[int], start: int, end: int) -> bool:
    return any(t in (_TEXT, _HEADING_LINE) for t in tags[start:end])


def _has_prose(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int, *, min_words: int = 1
) -> bool:
    """Whether lines ``start`` to ``end`` hold a sentence (page chrome holds none) of
    ``min_words`` words at least (four: a label such as "Consular queries:" is none)."""
    return any(
        tags[k] == _TEXT
        and _is_prose(text := _inline(lines[k][1]))
        and len(text.split()) >= min_words
        for k in range(start, end)
    )


def _outranked(lines: list[tuple[int, str]], tags: list[int], i: int, end: int) -> bool:
    """Whether the heading at ``i`` is a page-section or site-name heading: nothing follows it
    but a heading of higher rank ("## Press Releases" then "# The title")."""
    level = _heading_text(lines[i][1])[0]
    j = _filled_after(tags, _title_end(lines, tags, i, end), end)
    if j >= end:
        return True
    if tags[j] != _HEADING_LINE:
        return False
    next_level, text = _heading_text(lines[j][1])
    return bool(text) and not _is_bare_kind(text) and next_level < level


def _over_deeper_heading(lines: list[tuple[int, str]], tags: list[int], i: int, end: int) -> bool:
    """Whether the heading at ``i`` stands over nothing (blank or chrome lines) but a heading of
    lower rank: a site's or a section's name ("# US Diplomacy — Press releases feed" above
    "## Moving Forward in Yemen"; "## Category Archives: Statements" above "### [The
    title](…)"), not a title."""
    level = _heading_text(lines[i][1])[0]
    j = _filled_after(tags, _title_end(lines, tags, i, end), end)
    if j >= end or tags[j] != _HEADING_LINE:
        return False
    next_level, text = _heading_text(lines[j][1])
    return bool(text) and not _is_bare_kind(text) and next_level > level


def _site_name_heading(lines: list[tuple[int, str]], tags: list[int], i: int, end: int) -> bool:
    """A short heading naming the site ("# France Diplomatie", "# [GOV.UK](#)") with nothing
    under it but chrome before the next heading: not a title."""
    text = _heading_text(lines[i][1])[1]
    linked = bool(_LINK_TEXT.match(lines[i][1].lstrip("# ")))  # "# [France Diplomatie - ...](/)"
    if len(text.split()) > (12 if linked else 4) or _CHANNEL_PREFIX.match(text):
        return False
    j = _title_end(lines, tags, i, end)
    k = j
    while k < end and tags[k] != _HEADING_LINE:
        k += 1
    if k >= end or _is_bare_kind(_heading_text(lines[k][1])[1]):
        return False
    # The next title's own header block printed above it ("New York" / "28 July 2019") is
    # not under the site's name.
    block = _pre_title_start(lines, tags, j, k)[0]
    for m in range(j, block):
        if tags[m] == _TEXT and " | " not in lines[m][1]:  # a navigation row is chrome
            line = _inline(lines[m][1])
            if _is_prose(line) or (_is_strong_header(line) and not _kind_of_type_line(line)):
                return False
    return True


def _chrome_above_release(lines: list[tuple[int, str]], tags: list[int], i: int, end: int) -> bool:
    """Whether the heading at ``i`` ("Welcome to the United Nations") stands over nothing but
    chrome until a heading that surely opens a release (a header right below it, or a
    dateline printed above it): then it is the page's, not a title."""
    j = _title_end(lines, tags, i, end)
    k = j
    while k < end:
        if tags[k] == _HEADING_LINE:
            text = _heading_text(lines[k][1])[1]
            if text and not _is_bare_kind(text):
                cut, _ = _pre_title_start(lines, tags, j, k)
                block = [_inline(lines[m][1]) for m in range(cut, k) if tags[m] == _TEXT]
                if _opens_for_sure(lines, tags, k, end) or any(map(_is_strong_header, block)):
                    return not _has_prose(lines, tags, j, cut)
        elif tags[k] == _TEXT and _is_prose(_inline(lines[k][1])):
            return False
        k += 1
    return False


def _split(lines: list[tuple[int, str]], tags: list[int]) -> list[tuple[int, int]]:
    """Index ranges of the releases in a document (footers excluded)."""
    chunks: list[tuple[int, int]] = []
    n = len(lines)
    start, has_title, i = 0, False, 0
    first_top = _first_top_heading(lines, tags)
    while i < n:
        tag = tags[i]
        if tag == _FOOTER_LINE:
            if _has_content(tags, start, i):
                chunks.append((start, i))
            start, has_title, i = i + 1, False, i + 1
            continue
        if tag == _HEADING_LINE:
            text = _heading_text(lines[i][1])[1]
            if text and (not _is_bare_kind(text) or _signer_heading(lines, tags, i, n)):
                # ("# Opening remarks" / "## by NATO Secretary General …" opens a release, and
                # so does "# Press Conference" / "# by Foreign Minister Taro Kono")
                opens, cut = (
                    _is_release_start(lines, tags, start, i, n)
                    if has_title
                    else (True, _header_block_above(lines, tags, start, i))
                    if _signer_heading(lines, tags, i, n)
                    else _first_title_opens(lines, tags, (start, i, n), first_top, text)
                )
                listed = not opens and (
                    _next_listed_item(lines, tags, start, i, text)
                    or (has_title and _translation_follows(lines, tags, start, i))
                )
                if opens or listed:
                    cut = _dateline_above(lines, tags, start, i, bare=True) if listed else cut
                    if _has_content(tags, start, cut) and (
                        has_title
                        or listed
                        or (
                            _has_prose(lines, tags, start, cut)
                            and _has_header_line(lines, tags, start, cut)
                        )
                    ):
                        chunks.append((start, cut))
                    start, has_title = cut, True
                    i = _title_end(lines, tags, i, n)
                    continue
        i += 1
    if _has_content(tags, start, n):
        chunks.append((start, n))
    return chunks


def _first_title_opens(
    lines: list[tuple[int, str]],
    tags: list[int],
    bounds: tuple[int, int, int],
    first_top: int,
    text: str,
) -> tuple[bool, int]:
    """Whether the heading at ``i`` (``bounds`` are the chunk's start, ``i`` and the end)
    opens the page's first release, and where that release begins."""
    start, i, n = bounds
    if _in_contents(lines, tags, i, text):
        # The first item of an "In this issue:" list: its release keeps the page header above
        # the list (the briefing's "Paris - March 30, 2020") unless a heading stands there.
        return True, i if _HEADING_LINE in tags[start:i] else start
    if (
        _outranked(lines, tags, i, n)
        or _over_deeper_heading(lines, tags, i, n)
        or _site_name_heading(lines, tags, i, n)
        or _chrome_above_release(lines, tags, i, n)
    ):
        return False, i  # "## Press Releases" right above "# Title"
    if i < first_top and not _opens_for_sure(lines, tags, i, n):
        return False, i  # "## Cookies on GOV.UK" above the page's "# Title"
    return True, _header_block_above(lines, tags, start, i)


def _first_top_heading(lines: list[tuple[int, str]], tags: list[int]) -> int:
    """Index of the heading before which no heading opens a release unless a header follows
    it: the first ``Press Releases:`` title when the dump has one (an aggregator's "#
    Sentinelle" above "## Press Releases: ..."), else the first level-1 heading that can be a
    title (``len(lines)`` when none)."""
    first_top = len(lines)
    for i, tag in enumerate(tags):
        if tag == _HEADING_LINE:
            level, text = _heading_text(lines[i][1])
            if _CHANNEL_PREFIX.match(text) or (level > 1 and _NUMBERED_ITEM.match(text)):
                return i  # also "## 1. Iran - Statement by ..." under a listing's "# Official ..."
            if level == 1 and text and not _is_bare_kind(text) and first_top == len(lines):
                first_top = i
    return first_top


def _opens_for_sure(lines: list[tuple[int, str]], tags: list[int], i: int, end: int) -> bool:
    """A heading that opens a release whatever its rank: the channel prefix, or a header
    (type line, date, office) right below it."""
    text = _heading_text(lines[i][1])[1]
    return bool(_CHANNEL_PREFIX.match(text)) or _header_follows(
        lines, tags, _title_end(lines, tags, i, end), end
    )


def _header_block_above(lines: list[tuple[int, str]], tags: list[int], start: int, i: int) -> int:
    """Where the first release begins: at its title, or at a byline block printed above it.

    Page chrome above the first title (a site name, its tagline, a "Print | PDF" row) reads
    like short header lines too; the block only counts from its first real header line
    (type line, date, "Name, Title", office), and not at all without one.
    """
    cut = _pre_title_start(lines, tags, start, i)[0]
    first = None
    for k in range(cut, i):
        if tags[k] == _TEXT:
            text = _inline(lines[k][1])
            strong = _is_strong_header(text)
            if first is None and (
                strong or _signs_above(lines, tags, k, i, text) or _place_above_date(lines, k, i)
            ):
                first = k
            if strong:
                return first if first is not None else k
    # A person with a title line below signs above the title even with nothing else there.
    return first if first is not None else i


def _signs_above(lines: list[tuple[int, str]], tags: list[int], k: int, i: int, text: str) -> bool:
    """A person whose title follows on the next line ("Rex W. Tillerson" / "Secretary of
    State"), not any two capitalised words ("Search GOV.UK")."""
    if not _is_person_name(text):
        return False
    following = next((_inline(lines[m][1]) for m in range(k + 1, i) if tags[m] == _TEXT), "")
    return _has_title_words(following)


def _place_above_date(lines: list[tuple[int, str]], k: int, i: int) -> bool:
    """ "New York" right above "17 July 2018" (UN pages print the dateline above the title),
    or a place in capitals ("MEDIA HUB OF THE AMERICAS")."""
    text = _inline(lines[k][1])
    following = next((_inline(t) for _, t in lines[k + 1 : i] if t.strip()), "")
    return bool(_OPENING_CITY.match(text) or (text.isupper() and len(text.split()) <= 6)) and (
        _dateline(following) is not None
    )


def _has_header_line(lines: list[tuple[int, str]], tags: list[int], start: int, end: int) -> bool:
    """Whether lines ``start`` to ``end`` hold a release header line (type, date, byline)
    with a sentence after it: a release without a heading, not a cookie banner above a
    "News story" label."""
    for k in range(start, end):
        if tags[k] == _TEXT and _is_strong_header(_inline(lines[k][1])):
            return _has_prose(lines, tags, k + 1, end)
    return False


# --------------------------------------------------------------------------------------------
# Parsing one release


class _Header:
    """What the header lines of one release say, filled in as they are read."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.kind_text: str | None = None
        self.generic = False  # the kind came from a page-type label ("News release")
        self.signed_label = False  # a label that is a kind only above a personal byline
        self.person = False  # the byline names a person, not an office
        self.dated_above = False  # the date came from above the title (a listing's, a blog's)
        self.posted = False  # name and date came from a "By <site> | <date>" posting line
        self.delivered = False  # a "Delivered on" / "Prononcé le" line: a text read out
        self.name: str | None = None
        self.title: str | None = None
        self.place: str | None = None
        self.venue: str | None = None
        self.date: dt.date | None = None
        self.date_line: int | None = None
        self.posting_date: dt.date | None = None  # a posting line's date, set aside
        self.day_month: tuple[re.Match[str], int] | None = None  # "11 Aug", no year
        self.last: str = ""  # what the previous header line was: "name", "office", "title"...


class _Para:
    """A body paragraph being assembled."""

    __slots__ = ("joinable", "kind", "line", "text")

    def __init__(self, line: int, kind: str, text: str, joinable: bool) -> None:
        self.line = line
        self.kind = kind  # "p" plain, "li" bullet, "sp" speaker, "h" heading, "fn" footnote
        self.text = text
        self.joinable = joinable  # separated from the previous paragraph by blank lines only


def _read_label(h: _Header, label: str, value: str) -> None:
    if label in ("from", "de"):
        h.name, h.last = _issuer(value), "office"
    elif label in ("publisher", "utgiver", "utgivare"):  # a ministry's page ("Utgiver: …")
        if h.name is None and value:
            h.name, h.last = value, "office"
    elif label in _PLACE_LABELS:
        parts = [p.strip() for p in value.split(",")]
        if len(parts) >= 2 and _has_venue_words(parts[0]) and h.venue is None:
            h.venue, h.place = parts[0], ", ".join(parts[1:])
        else:
            h.place = value or None
    elif label in _DATE_LABELS and h.date is None:
        h.delivered = h.delivered or label in _DELIVERY_LABELS
        found = _find_date(value)
        if found is not None:
            h.date = found[0]


def _issuer(value: str) -> str:
    """The first organisation of a gov.uk "From:" list ("Foreign, Commonwealth & Development
    Office and The Rt Hon Dominic Raab MP"); the whole value when none is recognised."""
    first = value.split(" and ", maxsplit=1)[0].strip()
    pieces = first.split(", ")
    for n in range(1, len(pieces) + 1):
        candidate = ", ".join(pieces[:n]).strip(" ,")
        if _is_office(candidate):
            return candidate
    return _strip_honorifics(value)


_POSTED_IN: Final = re.compile(r"[ ]+in[ ]+[A-Z][\w ]{0,30}$")  # a blog's section


def _read_dateline(h: _Header, date: dt.date, parts: _Parts, line: int) -> None:
    h.date, h.date_line = date, line
    for role, part in parts:
        if role == "poster" and _BANNER.match(_POSTED_IN.sub("", part)):
            continue  # a news site posting ("Posted August 25, 2020 by STL.News in Politics")
        if role in ("issuer", "poster") and h.name is None:
            h.name, h.posted = part, role == "poster"
        elif role == "place" and h.place is None:
            h.place = part.rstrip(" ·•—–-|") or None  # "Washington, DC · October 15, 2018"
        elif role == "kind" and h.kind is None:
            _read_type(h, part)
            h.generic = h.generic or bool(_GENERIC_LABEL.match(part))
            # "Déclaration de X, ministre ... (Paris, 12 septembre 2017)": the bracket's place
            bracket = _TRAILING_DATELINE.search(part)
            place = bracket.group().strip(" ,()") if bracket is not None else ""
            if place and h.place is None and _is_place_fragment(place) and _names_a_place(place):
                h.place = place


def _read_type(h: _Header, text: str, *, below_title: bool = True) -> bool:
    if h.kind is None and (kind := _kind_of_type_line(text)) is not None:
        h.kind, h.kind_text, h.last = kind, text, "type"
        # "News release", or "Press release" above the title or beside a date, is the page
        # type of a whole site section; a "Press release" type line below the title is read
        # the State Department way, as a Press Statement.
        h.generic = bool(_GENERIC_LABEL.match(text)) and (
            not below_title or h.date is not None or bool(_NEWS_RELEASE.match(text))
        )
        h.signed_label = bool(_SIGNED_LABEL.match(text))
        if not h.person and (pair := _person_line(text)) is not None:
            # "DECLARACION DE LA VOCERA MORGAN ORTAGUS": the type line names its signer.
            h.name, h.title, h.person = pair[0], pair[1], True
        if (dated := _TRAILING_DATE.search(text)) is not None:
            # "Declaración de la portavoz Heather Nauert, 18 de julio de 2017": and its date
            _read_date_at_end(h, dated.group().strip(" ,"))
        return True
    return False


def _read_office(h: _Header, text: str, _next: str | None) -> bool:
    # A second office line is the more specific one ("U.S. Department of State" then "Office
    # of the Spokesperson").
    if _is_office(text) and (h.name is None or (h.last == "office" and h.title is None)):
        if h.name is not None and _STATE_LETTERHEAD_NAME.sub("", text) == "":
            return True  # the letterhead under the office ("Office of the Spokesperson" /
            # "Department of State") is not more specific
        h.name, h.last = text, "office"
        return True
    return False


def _read_name_and_title(h: _Header, text: str, _next: str | None) -> bool:
    if h.name is not None:
        return False
    typed = _TYPE_LINE.match(text) is not None  # "Déclaration de X, ministre ... (Paris, ...)"
    # "Secretario de Estado, Michael R. Pompeo": the title first is read too; and so is a
    # name and title without the comma ("Robert Palladino Deputy Spokesperson").
    pair = (
        _person_line(text) if typed or ", " in text else _name_and_title(text)
    ) or _signer_run_together(text)
    if pair is None:
        return False
    h.name, h.title, h.last, h.person = pair[0], pair[1], "title", True
    if typed and (bracket := _TRAILING_DATELINE.search(text) or _TRAILING_DATE.search(text)):
        _read_date_at_end(h, bracket.group().strip(" (),"))
    return True


def _read_date_at_end(h: _Header, text: str) -> None:
    """The dateline a signer's line ends in ("(Paris, 12 septembre 2017)", ", 18 de julio de
    2017"), when the header has no date yet."""
    found = _dateline(text)
    if found is not None and h.date is None:
        _read_dateline(h, found[0], found[1], 0)


def _read_person_title(h: _Header, text: str, next_text: str | None) -> bool:
    """The line after a person's name is their title, unless it is clearly a place or venue.

    The title of a second speaker (joint remarks) is read over and not recorded.
    """
    if h.last not in ("name", "titled", "other") or _is_place(text):
        return False
    if h.last == "name" and h.title is not None:
        return False
    has_title_words = _has_title_words(text)
    if not has_title_words and next_text is not None and _dateline(next_text) is not None:
        return False  # a bare place name right before the date
    if has_title_words or not _has_venue_words(text):
        if h.last in ("name", "titled"):  # a title line says more than a courtesy title
            h.title = text
        h.last = "title"
        return True
    return False


def _read_other_person(h: _Header, text: str, _next: str | None) -> bool:
    # A second speaker of joint remarks: the byline stays with the first.
    if h.name is not None and h.last == "title" and _is_person_name(text):
        h.last = "other"
        return True
    return False


def _read_other_office(h: _Header, text: str, _next: str | None) -> bool:
    # An office below a personal byline ("U.S. Mission to the United Nations") is where the
    # person speaks from.
    if h.name is not None and h.last != "office" and _is_office(text):
        if h.last == "name" and _TITLE_WORDS.fullmatch(text.rsplit(" ", 1)[-1]):
            return False  # "Department of State Spokesperson" below a name is a title
        if h.venue is None:
            h.venue = text
        h.last = "venue"
        return True
    return False


def _read_titled_byline(h: _Header, text: str, _next: str | None) -> bool:
    # "Ambassador Nikki Haley", or "Senior State Department Official": a byline naming no one.
    if h.name is None and _has_title_words(text) and not _has_venue_words(text):
        pair = _titled_name(text)
        if pair is None:
            h.name, h.last = text, "name"
        else:
            h.name, h.title, h.last, h.person = pair[0], pair[1], "titled", True
        return True
    return False


_REMOTE: Final = re.compile(
    r"^(?:via |by )?(?:teleconference|telephone|videoconference|video ?conference|"
    r"conference call|video link|t[ée]l[ée]conf[ée]rence|visioconf[ée]rence)$",
    re.I,
)


def _read_venue_or_place(h: _Header, text: str, _next: str | None) -> bool:
    if h.place is None and _REMOTE.match(text):  # "Via Teleconference" is where it took place
        h.place, h.last = text, "place"
        return True
    if h.venue is None and _has_venue_words(text) and not _is_place(text):
        h.venue, h.last = text, "venue"
        return True
    if (h.place is None or _REMOTE.match(h.place)) and _is_place(text):
        # A city after "Via Teleconference" is where the call was held from.
        h.place, h.last = text, "place"
        return True
    return False


def _read_person(h: _Header, text: str, _next: str | None) -> bool:
    # "Press Statement" / "by Heather Nauert" / "U.S. Department of State Spokesperson".
    name = _strip_honorifics(_BY_PREFIX.sub("", text))
    if h.name is None and _is_person_name(name):
        h.name, h.last, h.person = name, "name", True
        return True
    return False


def _read_signed_person(h: _Header, text: str, next_text: str | None) -> bool:
    # Below the date, a person is the byline only when their title follows ("Senator the Hon
    # Marise Payne" / "Minister for Foreign Affairs", Australian layout).
    if next_text is None or _is_prose(next_text) or not _has_title_words(next_text):
        return False
    return _read_person(h, text, next_text)


def _read_place_before_date(h: _Header, text: str, next_text: str | None) -> bool:
    # A place without a comma ("Geneva") is only recognisable by the date that follows it.
    if (
        h.place is None
        and next_text is not None
        and _is_place_fragment(text)
        and _dateline(next_text) is not None
        and (_is_city(text) or not _is_country_or_city(text))  # a country tag is no dateline
    ):
        h.place, h.last = text, "place"
        return True
    return False


def _read_signer(h: _Header, text: str, next_text: str | None) -> bool:
    # A person with a title right below the type line signs the release; an office read
    # above the type line was the letterhead ("Oficina del Portavoz" / "Declaración a la
    # prensa" / "Michael R. Pompeo" / "Secretario de Estado"). So does a person with their
    # title on one line right below the letterhead ("Département d’État des États-Unis" /
    # "Cale Brown, porte-parole adjoint"), with or without a type line between.
    if h.last not in ("type", "office") or h.name is None or h.person:
        return False
    if (pair := _person_line(text)) is not None:
        h.name, h.title, h.last, h.person = pair[0], pair[1], "title", True
        return True
    if h.last != "type":
        return False
    office, office_title = h.name, h.title
    h.name, h.title = None, None
    if _read_signed_person(h, text, next_text):
        return True
    h.name, h.title = office, office_title
    return False


def _read_time(_h: _Header, text: str, _next: str | None) -> bool:
    """A time on a line of its own ("1:36 p.m. EDT") is read over."""
    return bool(_TIME_LINE.match(text))


# "As delivered by Chargé d’Affaires, a.i. Harry Kamian": who read the text out.
_DELIVERED_BY: Final = re.compile(r"^as (?:delivered|prepared for delivery) by[ ]+(?=\S)", re.I)
# "to the Permanent Council, Vienna" under it: the body addressed, and where it sits.
_DELIVERED_TO: Final = re.compile(r"^to (?:the )?[A-Z][^,]{2,60}, (?P<place>[A-Z][\w .’'-]{2,30})$")


@_line_cache
def _by_line(text: str) -> bool:
    """ "By Office of the Spokesperson", "By Heather Nauert": a posting's byline, no title."""
    by = _BY_PREFIX.match(text)
    if by is None:
        return False
    rest = text[by.end() :]
    return _is_office(rest) or _is_person_name(_strip_honorifics(rest))


@_line_cache
def _delivered_by(text: str) -> tuple[str, str] | None:
    """The person and title of an "As delivered by …" line, or None."""
    match = _DELIVERED_BY.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    pair = _person_line(rest)
    if pair is None and _is_person_name(name := _strip_honorifics(rest)):
        pair = (name, rest[: len(rest) - len(name)].strip()) if name != rest else (name, "")
    return pair


def _is_delivery_line(text: str) -> bool:
    """ "As delivered by Ambassador Jackie Wolcott" or the line naming the body addressed
    under it ("to the Permanent Council, Vienna"): header lines, no title."""
    return _delivered_by(text) is not None or _DELIVERED_TO.match(text) is not None


def _read_delivered_by(h: _Header, text: str, _next: str | None) -> bool:
    if h.name is not None or (pair := _delivered_by(text)) is None:
        return False
    h.name, h.title, h.last, h.person = pair[0], pair[1] or None, "title", True
    h.delivered = True
    return True


def _read_delivered_to(h: _Header, text: str, _next: str | None) -> bool:
    if not h.delivered or (match := _DELIVERED_TO.match(text)) is None:
        return False
    if h.place is None and _is_place(match.group("place")):
        h.place = match.group("place")
    h.last = "place"
    return True


_HeaderReader = Callable[[_Header, str, str | None], bool]
# Tried in order; the first that recognises a line records it.
_READERS: Final[tuple[_HeaderReader, ...]] = (
    _read_time,
    _read_delivered_by,
    _read_delivered_to,
    _read_signer,
    _read_office,
    _read_other_office,
    _read_name_and_title,
    _read_person_title,
    _read_titled_byline,
    _read_venue_or_place,
    _read_place_before_date,  # "New York" right above "17 July 2018" is no one's name
    _read_person,
    _read_other_person,
)
# Below the date only these may follow: anything else is the first line of the body.
_READERS_AFTER_DATE: Final[tuple[_HeaderReader, ...]] = (
    _read_time,
    _read_signer,
    _read_office,
    _read_name_and_title,
    _read_person_title,
    _read_venue_or_place,
    _read_signed_person,
)


_DAY_AND_MONTH: Final = re.compile(
    r"^(?:(?P<d1>\d{1,2})[ ]+(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?|"
    r"(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?[ ]+(?P<d2>\d{1,2}))$",
    re.I,
)
# A blog archive's heading: "Month: August 2020", "Archives: December 2020".
_ARCHIVE_MONTH: Final = re.compile(
    rf"^(?:#+[ ]+)?(?:month|archives?|mois|mes)[ ]*:[ ]*(?P<m>{_MONTH_ALT})[ ]+"
    r"(?P<y>(?:19|20)\d\d)$",
    re.I,
)


def _year_of_archive(
    lines: list[tuple[int, str]], title_at: int, day_month: re.Match[str]
) -> dt.date | None:
    """The date of a post dated "30 Dec" under its archive's "Month: December 2020"."""
    month = _MONTHS.get((day_month.group("m1") or day_month.group("m2")).lower(), 0)
    day = int(day_month.group("d1") or day_month.group("d2"))
    for _, line in reversed(lines[:title_at]):
        archive = _ARCHIVE_MONTH.match(line.strip())
        if archive is not None and _MONTHS.get(archive.group("m").lower()) == month:
            try:
                return dt.date(int(archive.group("y")), month, day)
            except ValueError:
                return None
    return None


_CLOCK: Final = re.compile(r"\b\d{1,2}:\d{2}[ ]*(?:[AaPp]\.?[Mm]\b\.?)")


def _read_header_line(
    h: _Header, text: str, line: int, next_text: str | None, *, below_title: bool
) -> bool:
    """Record one header line; False when it is not a header line (the body starts)."""
    if h.posted and (
        _kind_of_type_line(text) is not None
        or _is_office(text)
        or _is_person_name(text)
        or _person_line(text) is not None
    ):
        # A "By <site> | <date>" posting line is the web page's; the release's own header
        # printed below it (an embassy reposting a State Department text) takes precedence.
        h.posting_date = h.posting_date or h.date  # kept in case the header prints none
        h.name = h.title = h.date = h.date_line = None
        h.posted = h.person = False
    if _read_type(h, text, below_title=below_title):
        return True
    if h.person and h.name and _names_again(h.name, text):
        # "Secretary of State John Kerry" / "Remarks at a Press Availability" / "John Kerry" /
        # "Secretary of State": the signer's block repeats the name.
        h.name, h.title, h.last = text, None, "name"
        return True
    if h.name is None and (standfirst := _STANDFIRST.match(text)) is not None:
        return _read_standfirst(h, standfirst, line)
    if _read_date_line(h, text, line):
        return True
    if _is_prose(text) or len(text) > 100:
        return False
    readers = _READERS_AFTER_DATE if below_title and h.date is not None else _READERS
    return _read_run_on(h, text) or any(reader(h, text, next_text) for reader in readers)


def _caption_over_header(
    lines: list[tuple[int, str]], tags: list[int], items: list[tuple[int, str]], end: int
) -> bool:
    """Whether the first item below the title is a sentence (a photo's caption) with a
    header of two lines or more under it, naming someone and a date."""
    if len(items) < 3 or not _is_prose(items[0][1]):  # a caption, a header, a body
        return False
    found = _Header()
    read = _read_header(found, lines, tags, items[1:], end, below_title=True)
    return (
        2 <= read < len(items) - 1  # a header, and a body below it
        and found.name is not None
        and found.date is not None
    )


def _names_again(name: str, text: str) -> bool:
    """Whether ``text`` is the person ``name`` again, written alone ("John Kerry")."""
    return (
        text.split()[-1:] == name.split()[-1:]
        and _is_person_name(text)
        and not _has_title_words(text)
    )


def _read_date_line(h: _Header, text: str, line: int) -> bool:
    """A dateline; a timestamp under a posting date; a day and month without a year."""
    if h.date is None and (found := _dateline(text)) is not None:
        _read_dateline(h, found[0], found[1], line)
        h.last = "date"
        return True
    if (
        h.date is not None
        and h.place is None
        and _DIGIT.search(text)
        and (found := _dateline(text)) is not None
        and found[0] == h.date
        and found[1]
    ):
        # The same date again with its place ("11/16/2021 | 11:17pm EST" / "November 16,
        # 2021 - Ottawa, Ontario - Global Affairs Canada").
        _read_dateline(h, found[0], found[1], line)
        h.last = "date"
        return True
    if h.date is not None and h.last == "place" and (found := _dateline(text)) is not None:
        # A posting date under the title, then the release's own place and date lines
        # ("September 11, 2017" / "Press Statement" / … / "Washington, DC" / "September 9,
        # 2017"): the date under the place is the release's.
        h.date, h.date_line, h.last = found[0], line, "date"
        return True
    if h.date is not None and _CLOCK.search(text) and (found := _dateline(text)) is not None:
        # The State Department's timestamp ("07/15/2020 06:56 PM EDT") under an embassy's
        # posting date is the release's own date.
        h.date, h.date_line, h.last = found[0], line, "date"
        return True
    # A blog's "11 Aug" without its year: a header line; the archive's month heading
    # ("Month: December 2020") may give the year (see _year_of_archive).
    if h.date is None and (day_month := _DAY_AND_MONTH.match(text)) is not None:
        h.day_month = (day_month, line)
        return True
    return False


_KIND_OPENING: Final = re.compile(rf"^(?:{_KIND_CORE})[ ]+(?=[A-Z])", re.I)


# A mirror's line over a release it reposts: "The comments made by Dominic Raab, the Foreign
# Secretary, on 7 November 2020.", "Below is a press release issued by the Foreign and
# Commonwealth Office on 13/11/2019."
_STANDFIRST: Final = re.compile(
    r"^(?:the (?:comments|statement|speech|remarks|text of the speech|press release) "
    r"(?:made|given|issued) by|"
    r"below is (?:a |the )?(?:press release|statement|speech|text)(?: [\w ]{1,30}?)? "
    r"(?:issued|made|given) by)[ ]+(?P<who>[^.;]+?),?[ ]+on[ ]+(?P<when>[^.]+)\.?$",
    re.I,
)


def _read_standfirst(h: _Header, standfirst: re.Match[str], line: int) -> bool:
    who = _LEADING_ARTICLE.sub("", standfirst.group("who").replace(", the ", ", "))
    pair = _name_and_title(who)
    if pair is not None:
        h.name, h.title, h.person, h.last = pair[0], pair[1], True, "title"
    elif _is_office(who):
        h.name, h.last = who, "office"
    else:
        return False
    if h.date is None and (found := _dateline(standfirst.group("when"))) is not None:
        h.date, h.date_line = found[0], line
    return True


def _read_run_on(h: _Header, text: str) -> bool:
    """A header whose lines a feed reader ran together: "Readout Office of the Spokesperson
    Washington, DC" is a type line, an office and a place."""
    if h.kind is not None:
        return False
    match = _KIND_OPENING.match(text)
    if match is None:
        return False
    words = text[match.end() :].split()
    # An office with a place after it first ("... Spokesperson" + "Washington, DC"), else all.
    for j in (*range(2, len(words)), len(words)):
        office, place = " ".join(words[:j]), " ".join(words[j:])
        if _is_office(office) and (not place or _is_place(place)):
            _read_type(h, text[: match.end()].strip())
            if h.name is None:
                h.name = office
            if place and h.place is None:
                h.place = place
            h.last = "place" if place else "office"
            return True
    return False


def _header_items(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int, limit: int
) -> tuple[list[tuple[int, str]], int]:
    """Up to ``limit`` non-blank candidate header lines as (index, text), and where they stop.

    Collection stops at a rule (the header's usual end) and at a heading that is not a bare
    kind or date (a sub-heading starts the body).
    """
    items: list[tuple[int, str]] = []
    j = start
    while j < end and len(items) < limit:
        tag = tags[j]
        if tag == _RULE_LINE:
            if items and not _header_resumes(lines, tags, j + 1, end):
                break
            j += 1  # a rule right below the title, or inside the header: it may go on
            continue
        if tag == _HEADING_LINE:
            text = _heading_text(lines[j][1])[1]
            if text and not _is_bare_kind(text):
                break
            if text:
                items.append((j, text))
        elif tag == _TEXT:  # ": 8 May 2019" is a definition list's value (gov.uk dumps)
            raw = lines[j][1]
            if ">" in raw[:4] or ":" in raw[:4]:  # cheap test first: a quote or a definition
                raw = _DEFINITION.sub("", _QUOTE.sub("", raw))
            if "View Original" in raw:
                raw = _VIEW_ORIGINAL.sub("", raw)
            # Two header lines side by side ("Para su divulgación inmediata      18 de
            # octubre de 2018") are read one after the other.
            parts = _COLUMNS.split(raw.strip()) if "     " in raw else [raw.strip()]
            for part in parts:
                if part:
                    items.extend((j, text) for text in _run_on_items(_inline(part)))
        j += 1
    return items, j


def _run_on_items(text: str) -> list[str]:
    """A line's header items: the parts of a run-on line when each is a header item (a kind,
    a date, a place, an office, "Name, Title"), else the line itself."""
    if not _RUN_ON.search(text) or _dateline(text) is not None:
        return [text]  # "June 25, 2018 – Ottawa, Ontario – Global Affairs Canada": a dateline
    parts = [part.strip() for part in _RUN_ON.split(text)]
    if all(
        part and (_is_bare_kind(part) or _is_header_field(part) or _is_person_name(part))
        for part in parts
    ):
        return parts
    return [text]


def _header_resumes(lines: list[tuple[int, str]], tags: list[int], j: int, end: int) -> bool:
    """Whether the first line after a rule is still a header line ("Oficina del Vocero" /
    "______" / "Para su difusión inmediata" / "DECLARACION DEL SECRETARIO POMPEO")."""
    j = _filled_after(tags, j, end)
    if j >= end or tags[j] != _TEXT:
        return False
    text = _inline(lines[j][1])
    return _is_header_note(text) or (_kind_of_type_line(text) is not None and not _is_prose(text))


def _continues_as_prose(lines: list[tuple[int, str]], tags: list[int], j: int, end: int) -> bool:
    """A header candidate that is really the first line of a hard-wrapped paragraph."""
    if j + 1 >= end or tags[j + 1] != _TEXT:
        return False
    this, nxt = lines[j][1].strip(), lines[j + 1][1].strip()
    if len(this) >= 60:
        # A long "Name, Title" over a venue or a place is a header, not a wrapped paragraph.
        following = _inline(nxt)
        return not (
            _name_and_title(_inline(this))
            and (_is_header_line(following) or _has_venue_words(following))
        )
    if not nxt[:1].islower() or _BULLET.match(nxt):
        return False
    if _BY_PREFIX.match(nxt) and _is_person_name(_BY_PREFIX.sub("", _inline(nxt))):
        return False  # "Press Statement" / "by Heather Nauert": a type line over its signer
    # Unless a person with a title: "Secretario de Estado Michael R. Pompeo" / "a la prensa
    # itinerante".
    return _person_line(_inline(this)) is None


def _read_header(
    h: _Header,
    lines: list[tuple[int, str]],
    tags: list[int],
    items: list[tuple[int, str]],
    end: int,
    *,
    below_title: bool,
) -> int:
    """Read header lines from ``items``; returns how many were consumed."""
    k = 0
    while k < len(items):
        j, text = items[k]
        if not text:
            k += 1
            continue
        labeled = _label_value(text)
        if labeled is not None:
            label, value = labeled
            if not value and k + 1 < len(items):
                k += 1
                value = items[k][1]
            _read_label(h, label, value)
            k += 1
            continue
        if (dpi := _UN_DPI.match(text)) is not None:
            h.place = h.place or dpi.group("place").strip()  # the UN press office's line
            k += 1
            continue
        if _is_header_note(text):
            if h.kind is None and _UN_STATEMENT_SYMBOL.match(text):
                h.kind, h.kind_text = "Press Statement", text  # UN "Statements and Messages"
            k += 1
            continue
        next_text = items[k + 1][1] if k + 1 < len(items) else None
        if (
            k == 0
            and below_title
            and next_text
            and _is_prose(text)
            and _label_value(next_text) is not None
        ):
            k += 1  # gov.uk: a one-line summary between the title and "From:"
            continue
        if tags[j] == _TEXT and _continues_as_prose(lines, tags, j, end):
            break
        had_kind = h.kind is not None
        if (
            not _read_header_line(h, text, lines[j][0], next_text, below_title=below_title)
            and not _date_follows(h, text, items[k + 1 : k + 3])
            and not _continues_type_line(text, next_text)
        ):
            break
        if not had_kind and tags[j] == _HEADING_LINE:
            # A label printed as a heading ("## Statement", Canada) is kept as a type line,
            # as the layout fixtures record it.
            h.signed_label = False
        k += 1
    return k


def _continues_type_line(text: str, next_text: str | None) -> bool:
    """ "Declaraciones" / "Secretario de Estado ..." / "a la prensa itinerante" / "ERT Ciudad
    de México, México": a lower-case continuation before a place or a date is header."""
    return (
        bool(text)
        and text[0].islower()
        and len(text) <= 60
        and not _is_prose(text)
        and next_text is not None
        and (_is_place(next_text) or _dateline(next_text) is not None)
    )


def _date_follows(h: _Header, text: str, following: list[tuple[int, str]]) -> bool:
    """An unrecognised short line ("CNN", "Lima Group Meeting") still belongs to the header
    when the date line comes right after it."""
    if h.date is not None or len(text) > 80 or _is_prose(text):
        return False
    return any(_dateline(t) is not None for _, t in following)


def _body_paragraphs(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int, skip: set[int]
) -> list[_Para]:
    paras: list[_Para] = []
    buffer: list[str] = []
    kind, first_line, joinable = "p", 0, False
    gap = "start"  # what separates the next paragraph from the previous one

    def flush() -> None:
        nonlocal buffer, gap
        if buffer:
            text = _inline(_join_wrapped(buffer))
            if text:
                para_kind = "fn" if kind == "p" and _FOOTNOTE.match(text) else kind
                paras.append(_Para(first_line, para_kind, text, joinable))
                gap = "none"
        buffer = []

    for j in range(start, end):
        tag = tags[j]
        number, line = lines[j]
        if j in skip or tag in (_RULE_LINE, _FOOTER_LINE):
            flush()
            gap = "barrier"
            continue
        if tag == _HEADING_LINE:
            flush()
            text = _heading_text(line)[1]
            if text:
                paras.append(_Para(number, "h", text, False))
            gap = "barrier"
            continue
        line = _QUOTE.sub("", line) if line.lstrip().startswith(">") else line
        if tag == _BLANK or not line.strip():  # chrome read over keeps its text, not its place
            flush()
            if gap == "none":
                gap = "blank"
            continue
        new_kind = _line_kind(line, bool(buffer), kind)
        if new_kind is not None or not buffer:
            flush()
            kind, first_line = new_kind or "p", number
            joinable = gap == "blank" and kind == "p"
            if kind == "li":
                line = "- " + _BULLET.sub("", line, count=1)
        buffer.append(line.strip())
    flush()
    return paras


def _line_kind(line: str, in_paragraph: bool, current: str) -> str | None:
    """The kind of paragraph a line starts, or None when it continues the current one."""
    stripped = line.lstrip()
    first = stripped[:1]
    if first in "-*+•▪‣" and _BULLET.match(line):
        return "li"
    if first.isdigit() and _NUMBERED.match(line) and (not in_paragraph or current == "li"):
        return "li"
    if first == "[" and _FOOTNOTE.match(_inline(stripped)):
        return "p"
    if first.isupper() or first in "*_":
        plain = stripped.replace("**", "").replace("__", "") if first in "*_" else stripped
        if _speaker(plain):
            return "sp"
    return None if in_paragraph else "p"


def _join_wrapped(buffer: list[str]) -> str:
    """Undo hard wrapping: lines joined with a space, or none after a hyphen inside a word."""
    if len(buffer) == 1:
        return buffer[0]
    out = buffer[0]
    for piece in buffer[1:]:
        if out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out += piece
        else:
            out += " " + piece
    return out


def _is_title_case(text: str) -> bool:
    words = [w for w in text.split() if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _rejoin(paras: list[_Para]) -> list[_Para]:
    """Rejoin paragraphs that a blank line broke in mid-sentence."""
    out: list[_Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if (
            prev is not None
            and para.joinable
            and para.kind == "p"
            and prev.kind in ("p", "sp")
            and not _ends_sentence(prev.text)
            and not _opens_with_dateline(para.text)
            and (
                para.text[:1].islower()
                or (len(prev.text.split()) >= 4 and not _is_title_case(prev.text))
            )
        ):
            prev.text = f"{prev.text} {para.text}"
            continue
        out.append(para)
    return out


def _split_footnotes(paras: list[_Para]) -> tuple[list[_Para], tuple[Footnote, ...]]:
    """Take the trailing ``[1] ...`` list off the body."""
    k = len(paras)
    while k > 0 and paras[k - 1].kind == "fn":
        k -= 1
    if k == len(paras) or k == 0:
        return paras, ()
    notes: list[Footnote] = []
    for para in paras[k:]:
        match = _FOOTNOTE.match(para.text)
        if match is not None:
            notes.append(Footnote(marker=match.group(1), text=match.group(2).strip()))
    body_text = " ".join(p.text for p in paras[:k])
    if not paras[k].joinable or any(f"[{n.marker}]" in body_text for n in notes):
        return paras[:k], tuple(notes)
    return paras, ()


# (the Latin American ".-" after a date: "Panamá, 9 de junio de 2021.- La canciller …")
_OPENING_DATELINE: Final = re.compile(r"^(.{6,60}?)(?:[ ]+[-–—][ ]+|(?<=\d)\.[ ]?[-–—][ ]*)(?=\S)")
# A dateline without a date: one to three capitalised words ("New York", "GENEVA").
_OPENING_CITY: Final = re.compile(r"^[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,2}$")
# A dateline place with a news site's credit ("Washington, DC (STL.News) The …").
_CREDITED_PLACE: Final = re.compile(r"^([A-Z][^()]{2,40}?)[ ]+\([^()\s]{2,25}\)[ ]+(?=\S)")


def _opens_with_dateline(text: str) -> bool:
    """Whether a paragraph opens with "20 January 2020, Rome - ": it starts a new paragraph."""
    if not _DIGIT.search(text[:60]):
        return False
    match = _OPENING_DATELINE.match(text)
    return match is not None and _dateline(match.group(1)) is not None


def _sentence_date(text: str) -> tuple[dt.date, _Parts] | None:
    """ "21 de septiembre de 2020. El secretario ...", "On October 29th, 2019, Secretary …",
    "Le 10 octobre 2019, le nouvel Ambassadeur …": a date opening the first sentence."""
    dated = _find_date(text[:44])
    if (
        dated is None
        or text[: dated[1]].strip().lower() not in ("", "on", "le", "el")
        or text[dated[2] : dated[2] + 3].strip()[:1] not in (".", ",")
    ):
        return None
    return dated[0], ()


_PAREN_DATELINE: Final = re.compile(r"^([A-Z][\w’' -]{2,30}? \([^()]{4,14}\))\.?[ ]")


# A page's metadata naming the day a release was issued, among the event's dates and the last
# update ("• 10 Dec. 2020 -" / "• Press Release (2020) 129" / "• Issued on 09 Dec. 2020").
_ISSUED_ON: Final = re.compile(
    r"^(?:[•*-][ ]*)?(?:issued on|publié le|publicado el)[ :]+(.+)$", re.I
)


def _date_issued(h: _Header, paras: list[_Para]) -> None:
    """The date of an "Issued on …" line among the first paragraphs: the release's own day,
    where the lines around it, or a date line under the title, give an event's or an
    update's ("Tuesday, 25 June 2019" over "• Issued on 17 Jun. 2019")."""
    for para in paras[:8]:
        match = _ISSUED_ON.match(para.text) if len(para.text) <= 60 else None
        found = _find_date(match.group(1)) if match is not None else None
        if found is not None:
            h.date, h.date_line = found[0], para.line
            return


def _date_at_opening(h: _Header, paras: list[_Para]) -> list[_Para]:
    """Pick up a dateline opening the first or second paragraph ("20 January 2020, Rome - The
    ..."), or a date that opens it as a sentence ("21 de septiembre de 2020. El secretario
    ..."); the paragraph keeps its text."""
    for para in paras[:2]:  # a standfirst may come first
        match = _OPENING_DATELINE.match(para.text) if para.kind == "p" else None
        found = _dateline(match.group(1)) if match is not None else None
        if found is None and para.kind == "p" and (paren := _PAREN_DATELINE.match(para.text)):
            found = _dateline(paren.group(1))  # "Cartagena (ene. 2/19). El Secretario …"
        if found is None and para.kind == "p":
            found = _sentence_date(para.text)
        if found is not None:
            _read_dateline(h, found[0], found[1], para.line)
            break
    return paras


def _place_at_opening(h: _Header, paras: list[_Para], *, known: bool = False) -> list[_Para]:
    """The place of an opening dateline with the header's date ("Dakar, le 12 septembre 2019
    - L'Ambassadeur ..."), when the header has no place; the paragraph keeps its text. With
    no date to confirm it (``known``), only a place the gazetteer knows counts."""
    for para in paras[:2]:
        match = _OPENING_DATELINE.match(para.text) if para.kind == "p" else None
        found = _dateline(match.group(1)) if match is not None else None
        if found is not None and found[0] == h.date:
            h.place = next((t for r, t in found[1] if r == "place"), None)
            break
        place = match.group(1) if match is not None else ""
        # (with no date, a sentence opens after the place: not "Washington, Oregon and Idaho
        # - the three states …")
        opens = match is not None and para.text[match.end() :].lstrip(" “\"'‘«")[:1].isupper()
        if match is not None and (
            (_is_place(place) and (not known or (opens and _is_place(place.split(",")[0]))))
            or (_OPENING_CITY.match(place) and not known)
        ):
            h.place = match.group(1)  # "New York - The Secretary-General condemns ..."
            break
        credited = _CREDITED_PLACE.match(para.text) if para.kind == "p" else None
        if credited is not None and _is_place(credited.group(1)):
            h.place = credited.group(1)  # a mirror's "Washington, DC (STL.News) The …"
            break
    return paras


def _date_at_bottom(h: _Header, paras: list[_Para]) -> list[_Para]:
    """Pick up a dateline printed at the end of the release, and take it off the body."""
    for k in range(len(paras) - 1, max(len(paras) - 4, -1), -1):
        para = paras[k]
        if para.kind not in ("p", "h"):
            continue
        found = _dateline(para.text)
        if found is None and (" · " in para.text or " | " in para.text):
            # A blog's post footer: "Posted in World · September 1, 2020 · by STL.News".
            parts = (_dateline(part) for part in re.split(r" [·|] ", para.text))
            found = next((f for f in parts if f is not None and not f[1]), None)
        if found is None:
            continue
        if h.date is not None:
            # The header has the date: a closing "New Delhi / November 23, 2020" block with
            # the same date gives the place and leaves the body.
            if found[0] != h.date:
                return paras
            found = (found[0], tuple((r, t) for r, t in found[1] if r == "place"))
        _read_dateline(h, found[0], found[1], para.line)
        drop = {k}
        if h.place is None and k > 0 and _is_place(paras[k - 1].text):
            h.place = paras[k - 1].text
            drop.add(k - 1)
        return [p for i, p in enumerate(paras) if i not in drop]
    return paras


_CUT_MARK: Final = re.compile(r"^[\[(<]?(?:…|\.\.\.)[\])>]?$")


def _trails_release(text: str) -> bool:
    """A cut mark, a link row, a list item or a short label after a release's last words
    ("[…]", "Print | Share: Facebook Twitter Email", "Related statements")."""
    return bool(
        _CUT_MARK.match(text)
        or " | " in text
        or text.startswith(("- ", "* ", "• "))
        or (len(text.split()) <= 3 and not _ends_sentence(text))
    )


def _byline_at_bottom(h: _Header, paras: list[_Para]) -> list[_Para]:
    """A "Name, Title" line closing the release (UN statements) is its byline; several such
    lines in a row are the signatures of a joint text and stay in the body. A cut mark
    ("[…]") after it is passed over."""
    last = len(paras) - 1
    while last > 0 and len(paras) - last <= 5 and _trails_release(paras[last].text):
        last -= 1
    if last < 1 or paras[last].kind != "p" or len(paras[last].text) > 120:
        return paras
    pair = _name_and_title(paras[last].text)
    if pair is None or _ends_sentence(paras[last].text) or _name_and_title(paras[last - 1].text):
        return paras
    h.name, h.title = pair
    return paras[:last] + paras[last + 1 :]


def _date_in_title(title: str) -> tuple[dt.date, int, int] | None:
    """The date of a title: the one in its closing brackets ("Iraq - Attack in Baghdad (July
    19, 2021) - Press briefing … (Paris - July 20, 2021)"), else the first one."""
    if title.endswith(")") and (k := title.rfind("(")) > 0:
        found = _find_date(title[k:])
        if found is not None:
            return found[0], found[1] + k, found[2] + k
    return _find_date(title)


def _place_in_title(title: str) -> str | None:
    """ "..., Moscow, October 22, 2018": a place right before a date that ends the title."""
    found = _date_in_title(title)
    if found is None or not title[: found[1]].endswith((", ", " - ", " – ")):
        return None
    tail = title[found[2] :].strip(" .")
    head = title[: found[1]].rstrip(",-– ")
    if tail == ")" and "(" in head:  # "... (Paris, 9 décembre 2021)"
        place = head.rpartition("(")[2]
        return place if _is_place_fragment(place) and _names_a_place(place) else None
    if tail:
        return None
    place = head.rpartition(", ")[2]
    return place if place != head and _is_place_fragment(place) else None


def _attributed_to(paras: list[_Para]) -> str | None:
    """ "The following is attributable to Spokesperson Heather Nauert:" -> "Heather Nauert"."""
    for para in paras[:2]:
        if len(para.text) > 200:
            continue
        match = _ATTRIBUTABLE.search(para.text)
        if match is None:
            continue
        # The name ends the phrase ("… to the Department Spokesperson, Morgan Ortagus:"), or
        # its role follows it ("… attribuables à Morgan Ortagus, porte-parole :").
        phrase = match.group(1)
        for part in (phrase, phrase.split(",")[0]):
            words = part.split()
            for i in range(len(words) - 1):
                candidate = " ".join(words[i:])
                if _is_person_name(candidate):
                    return candidate
    return None


def _kind_in_title(title: str) -> str | None:
    match = _TITLE_KIND.search(title)
    answers = _ANSWERS.search(title)
    # "statement and answers to media questions": a transcript; unless an advisory announces
    # it ("Demande de couverture : Conférence de presse téléphonique …") or the title names a
    # briefing ("Press Conference by Foreign Press Secretary …")
    if answers is not None and (match is None or match.lastgroup not in ("k4", "k5")):
        return "Remarks"
    return _KIND_BY_GROUP[match.lastgroup] if match is not None and match.lastgroup else None


def _title_hint(title: str) -> str | None:
    match = _TITLE_HINT.search(title)
    return _KIND_BY_GROUP[match.lastgroup] if match is not None and match.lastgroup else None


def _transcript_kind(title: str, paras: list[_Para]) -> tuple[str, str] | None:
    """The kind of a transcript (speaker labels), and what it was inferred from; None when
    the text is no transcript."""
    speakers = sum(p.kind == "sp" for p in paras)
    # (an "EXCERPTS" / "EXTRAITS" label may stand above the first turn)
    first = 1 if len(paras) > 1 and _EXCERPTS_LABEL.match(paras[0].text) else 0
    if speakers < 2 and not (len(paras) > first and paras[first].kind == "sp"):
        return None
    # "Q&A - From the press briefing": its Q and A labels do not make it Remarks; nor do those
    # of a call a moderator opens, unless the title says remarks ("Press Availability").
    if _BRIEFING_TITLE.search(title) and _kind_in_title(title) != "Remarks":
        # ("Allocution du secrétaire … lors d’un point de presse" is his Remarks.)
        return "Special Briefing", "the title"
    if not title and any(_BRIEFING_TITLE.search(p.text[:400]) for p in paras[:2]):
        # No headline: the host's opening words say what it is ("… for this on-the-record
        # briefing on Secretary Pompeo’s upcoming travel …").
        return "Special Briefing", "the opening turn"
    if _kind_in_title(title) != "Remarks" and any(
        p.kind == "sp" and _MODERATOR.match(p.text) for p in paras[:3]
    ):
        return "Special Briefing", "a moderator"
    return "Remarks", "speaker labels"


def _infer_kind(
    title: str, paras: list[_Para], attributed: str | None, h: _Header
) -> tuple[str, str]:
    """Kind of a release without a type line, and what it was inferred from."""
    if attributed is not None or any(_ATTRIBUTABLE.search(p.text) for p in paras[:1]):
        # A spokesperson's words on a meeting or a call are its readout; on anything else
        # ("Rocket Attack in Iraq": "We are outraged …") they are a statement.
        if _MET_OR_CALLED.search(title) or any(_MET_OR_CALLED.search(p.text) for p in paras[:3]):
            return "Readout", "an 'attributable to' line"
        return "Press Statement", "an 'attributable to' line on no meeting or call"
    source = _BRIEFING_SOURCE.search(title)
    if source is not None and not any(p.kind == "sp" for p in paras):
        # An item of the French spokesperson's daily briefing ("Iraq - Attack in Baghdad
        # (July 19, 2021) - Press briefing by the … Spokesperson (Paris - …)"): its subject
        # says what it is; the spokesperson's words are a statement.
        subject = title[: source.start()]
        hint = _kind_in_title(subject) or _title_hint(subject)
        return hint or "Press Statement", "the subject of a briefing item"
    found: tuple[str, str] | None = (
        _transcript_kind(title, paras)
        or _advisory_kind(title, paras)
        or _delivered_kind(title, paras, h)
    )
    if found is not None:
        return found
    # (a section label over the text, "News", is not its opening)
    lead = next((p for p in paras[:3] if not _is_short_label(p.text)), None)
    opening = lead.text[:300] if lead is not None else ""
    # In this order: the opening line names a joint statement, the title names a kind, the
    # opening line names a statement, the headline hints a kind; failing all, statements are
    # signed by a person with a title, readouts and notes by an office.
    found = (
        (("Joint Statement", "the opening line") if _FOLLOWING_JOINT.search(opening) else None)
        or ((kind, "the title") if (kind := _kind_in_title(title)) is not None else None)
        or (_following_kind(opening, paras) if _FOLLOWING_STATEMENT.search(opening) else None)
        # "The United States Embassy held its 243rd National Day Celebration …", "L’Ambassade
        # célèbre …": an embassy's account of its own event, whatever the headline hints.
        or (
            ("Media Note", _OWN_EVENT_REASON)
            if _OWN_EVENT.search(f"{title} {_SENTENCE_END.split(opening, maxsplit=1)[0]}")
            else None
        )
        or ((hint, "the headline") if (hint := _title_hint(title)) is not None else None)
        or (
            ("Press Statement", "a personal byline")
            if h.name is not None and h.title is not None
            else None
        )
    )
    # Nothing names the kind yet: the opening sentence may report or announce something.
    first_sentence = _SENTENCE_END.split(opening, maxsplit=1)[0] if found is None else ""
    if found is None and _ANNOUNCES.search(first_sentence):
        # "Minister Garneau will attend meetings …", "… participera à la réunion …": a trip
        # or a meeting announced is a Media Note.
        found = ("Media Note", "an announcement in the opening sentence")
    elif found is None and _MET_OR_ATTENDED.search(first_sentence):
        # "Minister Le Drian attended today’s EU council …", "… se reunió con …": a meeting
        # held is reported in a Readout.
        found = ("Readout", "a meeting reported in the opening sentence")
    elif found is None and _SPOKE_TO_MEDIA.search(first_sentence):
        # "On arrival at the Foreign Affairs Council …, Boris Johnson spoke to the media.":
        # what follows is what was said, a doorstep's Remarks.
        found = ("Remarks", "a doorstep announced in the opening sentence")
    if found is None or found[1] == "a personal byline":
        # Nothing names the kind (a personal byline says little: statements, speeches and
        # interviews are signed): the model learned from the annotated sets decides.
        model = learned.kind(title, [p.text for p in paras])
        if model is not None:
            found = (model[0], f"the kind model (p = {model[1]:.2f})")
    found = found or ("Press Statement", "the default, the most common kind")
    if (
        found[1] != "the opening line"
        and (found[0] == "Press Statement" or found[1] == _OWN_EVENT_REASON)
        and any(
            _SPEECH_OPENING.match(
                _LEAD_LABEL.sub("", _after_dateline(p.text), count=1).lstrip('“"*_ ')
            )
            for p in paras[:3]
        )
    ):
        # A statement delivered aloud ("Thank you, Mr. President.", "Mr. Speaker, …"): every
        # one of the ten annotated such releases is Remarks.
        return "Remarks", "a speech's opening words"
    return found


def _is_short_label(text: str) -> bool:
    """ "News", "Readouts": three words at most, with no sentence in them."""
    return len(text.split()) <= 3 and not _ends_sentence(text) and not text.endswith(":")


def _delivered_kind(title: str, paras: list[_Para], h: _Header) -> tuple[str, str] | None:
    """Remarks, for a text read out whatever its headline calls it ("Déclaration de M. …"):
    "Prononcé le 23 mai 2018", "Delivered on 16 September 2020 (Transcript of the speech …)";
    or for a page with no headline that opens by naming a speech ("Palabras del Secretario …,
    durante la 28 Reunión …", "Conférence de presse de Mme …")."""
    if h.delivered or any(_delivery_line(p.text) for p in paras[:6]):
        return "Remarks", "a delivery line"
    if not title and paras and _SPEECH_LEAD.match(paras[0].text):
        return "Remarks", "the opening line names a speech"
    if paras and _kind_in_title(title) is None and _BRIEFING_LEAD.match(paras[0].text):
        # A briefing's label run into the first paragraph ("Point de presse spécial via
        # téléconférence BROWN : Merci.", "Conferencia Telefónica realizada con …").
        return "Special Briefing", "the opening line names a briefing"
    return None


def _delivery_line(text: str) -> bool:
    """ "Prononcé le 15 octobre 2019", "As delivered", "As delivered by Ambassador …",
    "Delivered on 16 September 2020 (…)": a short line, one naming who delivered it, or one
    whose date follows (not "Delivered on schedule, one million doses")."""
    return _DELIVERED.match(text) is not None and (
        len(text) <= 40
        or text[:16].casefold() == "as delivered by "
        or _find_date(text[:60]) is not None
    )


_BRIEFING_LEAD: Final = re.compile(
    r"^(?:(?:special|background|press|on-the-record) briefing|point de presse sp[ée]cial|"
    r"briefing sp[ée]cial|sesi[óo]n informativa(?: especial)?|conferencia telef[óo]nica|"
    r"telephonic press (?:briefing|conference))\b",
    re.I,
)
_DELIVERED: Final = re.compile(
    r"^(?:prononc[ée]e? le|delivered on|as delivered|pronunciad[oa] (?:el|en))\b", re.I
)
_SPEECH_LEAD: Final = re.compile(
    r"^(?:palabras|discurso|intervenci[óo]n|discours|allocution|conf[ée]rence de presse|"
    r"rueda de prensa|remarks|speech|address) (?:del?|de la|du|de l['’]|by|of|to|at|por)\b",
    re.I,
)
_EXCERPTS_LABEL: Final = re.compile(r"^(?:excerpts?|extraits?|extractos?)[ .:]*$", re.I)
# "Canciller Luis Videgaray: Muy buenos días …": a speaker named in plain case before a speech.
_LEAD_LABEL: Final = re.compile(r"^[A-ZÀ-Þ][\w.’'-]*(?: [A-ZÀ-Þ][\w.’'-]*){1,4}:[ ]+")


def _following_kind(opening: str, paras: list[_Para]) -> tuple[str, str]:
    """ "The US Department of State released the following statement:" names a statement,
    unless what follows announces a trip ("From September 22, … DeHart will travel to …"),
    the text of a Media Note reposted under a news site's line."""
    # (its first 200 characters, not its first sentence: "U.S." would end that early)
    if opening.rstrip().endswith(":") and len(paras) > 1 and _ANNOUNCES.search(paras[1].text[:200]):
        return "Media Note", "an announcement under the opening line"
    return "Press Statement", "the opening line"


_ADVISORY_FIELD: Final = re.compile(r"^(?:[•*-][ ]*)?(?:WHO|WHAT|WHEN|WHERE)[ ]?:")


# A briefing announced, not held: "The telephonic briefing will take place on …", "will
# address DIRCO’s end-of-year media briefing on Tuesday".
_BRIEFING_ANNOUNCED: Final = re.compile(
    r"\b(?:briefing|press conference|conference call|media availability)\b[^.]{0,40}"
    r"\b(?:will (?:take place|be held|begin|start)|is scheduled)\b|"
    r"\bwill (?:address|hold|give|conduct|host) (?:a |an |the )?[^.]{0,60}"
    r"\b(?:briefing|press conference)\b[^.]{0,20}\bon (?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b",
    re.I,
)


def _advisory_kind(title: str, paras: list[_Para]) -> tuple[str, str] | None:
    """ "WHO: Mark Lowcock …" / "WHAT: Mission to Zimbabwe" / "WHEN: …": a media advisory;
    so is a briefing announced for a day to come, under a title naming no other kind."""
    if sum(_ADVISORY_FIELD.match(p.text) is not None for p in paras[:8]) >= 2:
        return "Notice to the Press", "a media advisory's fields"
    if _kind_in_title(title) in (None, "Special Briefing") and any(
        _BRIEFING_ANNOUNCED.search(p.text) for p in paras[:4]
    ):
        return "Notice to the Press", "a briefing announced"
    if any(_DIAL_IN.search(p.text) for p in paras[:6]):
        return "Notice to the Press", "dial-in details for the press"
    return None


# "Dial-in information is below": how the press joins an event to come.
_DIAL_IN: Final = re.compile(r"\bdial-in (?:information|info|details|numbers?)\b", re.I)


def _after_dateline(text: str) -> str:
    """A paragraph's text after the dated dateline opening it ("Bogotá, Enero 13 de 2018 -
    Querido presidente, …")."""
    match = _OPENING_DATELINE.match(text)
    dated = match is not None and (_find_date(match.group(1)) or match.group(1)[-4:].isdigit())
    return text[match.end() :] if match is not None and dated else text


_ANNOUNCES: Final = re.compile(
    r"\b(?:will (?:travel|attend|take part|participate|visit|host|hold talks|meet with|"
    r"join (?:his|her|their|the) (?:\w+ ){0,2}(?:counterparts|colleagues|leaders|ministers|"
    r"meeting|summit|talks|conference)|"
    r"co-?chair|deliver (?:remarks|a speech|the keynote)|make an? (?:\w+ )?visit|"
    r"lead (?:a|the) "
    r"(?:u\.s\. )?delegation)|travels to|is travell?ing (?:to|in) (?=(?-i:[A-Z]))|is postponed|"
    r"participera|participeront|assistera|rencontrera|se reunir[áa] con|"
    r"assisteront|se rendra|effectuera|viajar[áa]|"
    r"participar[áa]n?|asistir[áa]|visitar[áa]|encabezar[áa])\b",
    re.I,
)
_MET_OR_ATTENDED: Final = re.compile(
    r"\b(?:(?:spoke|met|talked|ha(?:s|ve) met|ha(?:s|ve) spoken (?:to|with))\b"
    r"(?! to (?:the )?(?:media|press|reporters)\b)|"
    r"held (?:a |talks)|sostuvo (?:un encuentro|una reuni[óo]n|una conversaci[óo]n)|"
    r"a [ée]t[ée] re[çc]ue?(?:,| (?:par|au|à la|à l['’]))|"
    r"attended|se reuni[óo]|s['’]est entretenue?|a rencontr[ée]|habl[óo]|convers[óo]|"
    r"a effectu[ée] une visite|effectu[óo] una visita|"
    r"particip[óo]|a particip[ée]|"
    # a visit or an audience held, a trip reported on its return
    r"visited (?=(?-i:[A-Z]))|hosted (?:a|an) (?:meeting|call|dinner|lunch|roundtable|working)|"
    r"recibi[óo] (?:en audiencia|a (?:la |el |los )?(?=(?-i:[A-Z]))|al (?=(?-i:[A-Z])))|"
    r"a re[çc]u en audience|after attending (?:the|a|an) |"
    r"apr[èe]s avoir (?:assist[ée]|particip[ée]) (?:au|[àa] la|[àa] l['’])|"
    r"tras (?:asistir|participar) (?:en )?(?:la|el) (?:reuni|cumbre|conferencia|foro|sesi)|"
    r"a re[çc]u\b[^.]{0,80}\bson homologue|(?:ha )?(?:mantenido|mantuvo|sostenido) una reuni[óo]n)",
    re.I,
)
_OWN_EVENT_REASON: Final = "an embassy's own event"
# "The United States Embassy held its …", "L’Ambassade des États-Unis à Dakar a célébré …",
# "La Embajada de los Estados Unidos celebró …": the U.S. mission's own event, told by it.
_OWN_EVENT: Final = re.compile(
    r"\b(?i:the )?(?:U\.S\. |United States |American )?(?:Embassy|Consulate)"
    r"(?: (?:in|to|at) [A-Z][\w-]+(?: [A-Z][\w-]+)?)? (?:held|hosted|celebrated|organi[sz]ed)\b|"
    r"\b[Ll]['’](?:Ambassade|Consulat)(?: des [ÉE]tats-Unis| am[ée]ricaine)?"
    r"(?: (?:à|au|en) [A-Z][\w-]+)? (?:c[ée]l[èe]bre|a c[ée]l[ée]br[ée]|a organis[ée])\b|"
    r"\b[Ll]a (?:Embajada|Consulado)(?: de (?:los )?Estados Unidos)?(?: en [A-Z][\w-]+)? "
    r"(?:celebr[óo]|organiz[óo]|realiz[óo])\b"
)
_SPOKE_TO_MEDIA: Final = re.compile(r"\bspoke to (?:the )?(?:media|press|reporters)\b", re.I)
# (not after an initial or an abbreviated title: "M. Jean-Yves Le Drian", "U.S. Coordinator")
_SENTENCE_END: Final = re.compile(
    r"(?<=[.!?])(?<![ (.][A-Z]\.)(?<!^[A-Z]\.)"
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!Mme\.)\s"
)
_SPEECH_OPENING: Final = re.compile(
    r"(?:thank you\b|thanks\b|(?:mr\.?|madam|madame)[ ]+(?:president|speaker|chair(?:man|woman|"
    r"person)?|secretary[- ]general|minister|ambassador|moderator)\b|good (?:morning|afternoon|"
    r"evening)\b|ladies and gentlemen\b|excellenc(?:y|ies|es?)\b|son excellence\b|"
    r"excelencias?\b|su excelencia\b|distinguished\b|dear (?:friends|"
    r"colleagues)\b|merci\b|monsieur le (?:pr[ée]sident|ministre)\b|madame la (?:pr[ée]sidente|"
    r"ministre)\b|mesdames(?: et messieurs)?\b|(?:much[ií]simas |muchas )?gracias\b|muy "
    r"buen(?:os|as) (?:d[íi]as|tardes|noches)\b|"
    r"querid[oa]s? (?:president[ea]|amig[oa]s|ministr[oa])\b|buen(?:os|as) (?:d[íi]as|"
    r"tardes|noches)\b|señora? (?:presidente?a?|ministr[oa])\b)",
    re.I,
)


# --------------------------------------------------------------------------------------------
# Language


def _guess_language(text: str) -> str | None:
    """Scripts and function words; the same detector enrichment uses."""
    return detect_language(text)[0]


# --------------------------------------------------------------------------------------------
# Assembling a release


def _find_title(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int
) -> tuple[str, int, int, int] | None:
    """(title, first index, index after title, its line number) or None."""
    for i in range(start, end):
        if tags[i] != _HEADING_LINE:
            continue
        text = _heading_text(lines[i][1])[1]
        if text and (by := _signer_heading(lines, tags, i, end)):
            # "# Opening remarks" / "## by NATO Secretary General …": one title, split.
            return _clean_title(f"{text} {by[0]}"), i, by[1], lines[i][0]
        if not text or _is_bare_kind(text):
            continue
        stop = _title_end(lines, tags, i, end)
        parts = [_heading_text(lines[k][1])[1] for k in range(i, stop) if tags[k] == _HEADING_LINE]
        # A section label as the heading ("# Statements", "# Secretary-General"): the
        # release's own title is the plain block between the header lines and the body.
        # (a country's name as a heading, ReliefWeb's "Somalia" over the report, is one too)
        label = _SECTION_LABEL.match(text) is not None or (
            len(text) <= 30 and _is_country_or_city(text)
        )
        block = _title_block_below(lines, tags, stop, end) if label else None
        if label and block is None and _HEADING_LINE in tags[stop : min(end, stop + 4)]:
            continue  # a listing's items below the label: the first is the title
        # A post's heading over the release's own title in bold ("# 01/05/17 – Key Outcomes …"
        # / "By U.S. Embassy Seoul | 6 January, 2017" / "**Key Outcomes …**" / "Fact Sheet").
        block = block or _bold_title_below(lines, tags, stop, end)
        first, stop = block if block is not None else (i, stop)
        if block is not None:
            parts = [_inline(lines[k][1]) for k in range(first, stop)]
        return _clean_title(" ".join(parts)), first, stop, lines[first][0]
    # No heading: a title hard-wrapped over two or three lines right above the header lines
    # that open the text; else the short line right above the first paragraph, or failing
    # that a short first line, that is not itself a header line.
    found = _wrapped_title_above_first_prose(lines, tags, start, end)
    if found is None and (above := _line_above_first_prose(lines, tags, start, end)) is not None:
        found = above, _title_goes_on(lines, tags, above, end)
    if found is not None:
        first, after = found
        title = " ".join(_inline(lines[k][1]) for k in range(first, after))
        return _clean_title(title), first, after, lines[first][0]
    for i in range(start, end):
        if tags[i] == _TEXT:
            text = _inline(lines[i][1])
            # (a dated briefing's title may read as prose: "Department Press Briefing –
            # August 21, 2019")
            if (
                len(text) <= 200 and not _is_prose(text) and not _is_header_field(text)
            ) or _DATED_BRIEFING.match(text):
                return _clean_title(text), i, i + 1, lines[i][0]
            return None
    return None


def _title_goes_on(lines: list[tuple[int, str]], tags: list[int], k: int, end: int) -> int:
    """The index after title line ``k`` and the short line right under it when the title
    stops mid-phrase ("Déclaration attribuable au porte-parole du Secrétaire général sur" /
    "Madagascar"); ``k + 1`` otherwise."""
    j = k + 1
    last = _inline(lines[k][1]).rsplit(" ", 1)[-1]
    if j >= end or tags[j] != _TEXT or last.isupper() or not _ENDS_MID_PHRASE.search(last):
        return j  # (a state's code, "Toronto, ON", is no "on")
    text = _inline(lines[j][1])
    if len(text) > 60 or _ends_with_mark(text) or _is_header_line(text):
        return j
    return j + 1


def _signer_heading(
    lines: list[tuple[int, str]], tags: list[int], i: int, end: int
) -> tuple[str, int] | None:
    """The heading right under heading ``i`` when it goes on with its speaker ("by NATO
    Secretary General …", "par le ministre …"), and the index after it."""
    j = _filled_after(tags, i + 1, end)
    if j >= end or tags[j] != _HEADING_LINE:
        return None
    text = _heading_text(lines[j][1])[1]
    return (text, j + 1) if text.startswith(("by ", "par ", "por ", "de M")) else None


# A daily briefing's title is its kind and its date.
_DATED_BRIEFING: Final = re.compile(
    r"^(?:department |daily )?press briefing[ ]+[–—-][ ]+\S.*\d{4}$|"
    r"^point de presse (?:du|de la) .*\d{4}$",
    re.I,
)
# A time on a line of its own ("1:36 p.m. EDT") belongs to the header.
_TIME_LINE: Final = re.compile(
    r"^\d{1,2}[:.h]\d{2}[ ]*(?:[ap]\.?[ ]?m\.?)?[ ]*(?:[A-Z]{2,4}|hora del? \w+|"
    r"heure de \w+)?$",
    re.I,
)


# A site section's name standing as the heading above a release.
_SECTION_LABEL: Final = re.compile(
    r"^(?:statements|press releases|press conferences|news|news releases|readouts|speeches|"
    r"communiqu[ée]s|"
    r"remarks and highlights|(?:tag|category) archives?[ ]*:.*|"
    r"comunicados|d[ée]clarations|(?:united nations )?secretary-general|spokesperson|"
    r"actualit[ée]s|noticias|in other news|latest (?:news|releases|updates)|top stories|"
    r"derni[èe]res (?:actualit[ée]s|nouvelles)|[úu]ltimas noticias|"
    # a listing's heading naming its section ("Secrétaire général: Communiqués de presse")
    r"[^:]{3,40}: (?:communiqu[ée]s de presse|press releases|statements|d[ée]clarations|"
    r"comunicados de prensa))$",
    re.I,
)


_BOLD_LINE: Final = re.compile(r"^[ ]*\*\*([^*]{10,300})\*\*[ ]*$")


def _bold_title_below(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int
) -> tuple[int, int] | None:
    """(index, index after) of a release's own title in bold right below a post's heading
    (a posting line maybe between), with a type line under it or naming a joint statement."""
    i = start
    seen = 0
    while i < end and seen < 2:  # the bold line, or a posting line and it
        if tags[i] == _BLANK:
            i += 1
            continue
        if tags[i] != _TEXT:
            return None
        bold = _BOLD_LINE.match(lines[i][1])
        if bold is not None:
            text = bold.group(1).strip()
            if len(text.split()) >= 4 and (
                _type_line_follows(lines, tags, i + 1) or _TITLE_KIND_JOINT.match(text)
            ):
                return i, i + 1
            return None
        seen += 1
        i += 1
    return None


_TITLE_KIND_JOINT: Final = re.compile(r"^joint statement\b", re.I)


def _is_header_line(text: str) -> bool:
    """A date, time, type line, office, place or document symbol: no title."""
    return (
        _is_header_field(text)
        or _is_delivery_line(text)
        or _kind_of_type_line(text) is not None
        or _is_header_note(text)
        or _opens_with_date(text)  # (a time on its own line is a header field already)
    )


def _title_block_below(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int
) -> tuple[int, int] | None:
    """(first index, index after) of a plain title block between header lines below ``start``
    and the first paragraph: one to three lines that are not a sentence, set off by blank
    lines, with a paragraph or a header line after them. None when a paragraph comes first."""
    i = start
    while i < end:
        if tags[i] != _TEXT:
            if tags[i] == _HEADING_LINE:
                return None
            i += 1
            continue
        after = i
        while after < end and tags[after] == _TEXT:
            after += 1
        block = [_inline(lines[k][1]) for k in range(i, after)]
        if all(_is_header_line(text) for text in block):
            i = after
            continue
        text = " ".join(block)
        if _is_prose(text) or after - i > 3 or len(text.split()) < 4:
            return None
        return i, after
    return None


def _opens_with_date(text: str) -> bool:
    """A line that starts with a date is a header line (a post's date and its tags)."""
    if not _DIGIT.search(text[:40]):
        return False
    found = _find_date(text[:40])
    return found is not None and found[1] == 0


def _wrapped_title_above_first_prose(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int
) -> tuple[int, int] | None:
    """(first index, index after) of a title hard-wrapped over two or three lines (a print
    view at 72 columns), set off by blank lines, with nothing but header blocks (letterhead,
    byline, date) between it and the first paragraph; None otherwise."""
    candidate: tuple[int, int] | None = None
    header_below = False
    i = start
    while i < end:
        if tags[i] != _TEXT:
            i += 1
            continue
        after = i
        while after < end and tags[after] == _TEXT:
            after += 1
        block = [_inline(lines[k][1]) for k in range(i, after)]
        text = " ".join(block)
        opens_with_kind = len(block[0].split()) >= 5 and _kind_of_type_line(block[0]) is not None
        if not (len(block) > 1 and opens_with_kind) and all(
            _is_header_line(b) or _is_header_note(b) or _is_language_switch(b) for b in block
        ):
            header_below = True  # a header block between the title and the text (a title
            # wrapped after its kind word, "Allocution à l’occasion de … du", is none)
        elif after - i > 3 or _ends_with_mark(text) or _speaker(text) or len(text) > 300:
            wrapped = candidate is not None and candidate[1] - candidate[0] > 1
            # Without a header block below, a first line that cannot end a title ("… à
            # l’occasion du Jour de") still says the title goes on.
            cut = (
                wrapped
                and candidate is not None
                and _ENDS_MID_PHRASE.search(_inline(lines[candidate[0]][1]))
            )
            return candidate if wrapped and (header_below or cut) else None
        elif " | " in text or len(text.split()) < 3:
            candidate = None  # chrome: a menu, a label
        else:
            candidate, header_below = (i, after), False
        i = after
    return None


_ENDS_MID_PHRASE: Final = re.compile(
    r"(?:\b(?:of|the|for|with|and|to|on|in|at|de|du|des|et|à|en|la|le|les|y|del|al|por|para|"
    r"sur|avec|con)|[,:])$",
    re.I,
)


def _title_like(lines: list[tuple[int, str]], k: int) -> bool:
    """Whether line ``k`` could be a title itself (a headline over a sentence in title case):
    three words or more, no header field, no date, no menu."""
    text = _inline(lines[k][1])
    return (
        len(text.split()) >= 3
        and not _is_header_field(text)
        and _find_date(text) is None
        and not _is_navigation(text)
    )


def _headline_with_stop(text: str) -> bool:
    """A headline in title case closed by a full stop ("Faurie Y Tillerson Ratificaron el
    Rumbo Positivo de la Relación Bilateral."): every word of four letters or more
    capitalised, five such words at least; a sentence has lower-case words."""
    words = [w for w in text.split() if len(w) > 3]
    return (
        len(text) <= 150
        and not text.isupper()
        and text.endswith(".")
        and len(words) >= 5
        and all(w[0].isupper() for w in words)
        and not _ABBREVIATION_END.search(text)
    )


def _is_long_title(text: str) -> bool:
    """A long line that ends in no sentence mark and is no speaker's turn: a briefing's
    title naming everyone on the stage ("Deputy Secretary of State John J. Sullivan, USAID
    Administrator Mark Green, and Experts on the President’s Fiscal Year 2020 Budget …")."""
    return (
        len(text) <= 300
        and not _ends_with_mark(text)
        and not text.endswith(":")
        and _speaker(text) is None
        and _BULLET.match(text) is None
    )


def _is_menu_item(text: str) -> bool:
    """A short list item that is no sentence: a menu's or a breadcrumb's ("1. Home"); or a
    short exclamation, an advertisement's ("Ukraine Snake Island Flag - Buy it Here!")."""
    if (text.endswith("!") and len(text.split()) <= 8) or text.count(" * ") >= 2:
        return True  # (a menu flattened on one line: "* Noticias y Eventos * Visas * …")
    return len(text) < 40 and _BULLET.match(text) is not None and not _ends_with_mark(text)


def _is_wrapped_paragraph(lines: list[tuple[int, str]], tags: list[int], i: int, end: int) -> bool:
    """Whether the block of text lines starting at ``i`` is a paragraph hard-wrapped over
    several lines (a print view at 72 columns): every line but the last long (but no longer
    than a wrapped line: longer ones are paragraphs of their own) and of about one width, a
    sentence when joined."""
    after = i
    while after < end and tags[after] == _TEXT:
        after += 1
    if after - i < 2:
        return False
    block = [_inline(lines[k][1]) for k in range(i, after)]
    widths = [len(b) for b in block[:-1]]
    return (
        all(50 <= w <= 150 for w in widths)  # (longer lines are paragraphs' own)
        and max(widths) - min(widths) <= 0.3 * max(widths)  # wrapped at one width
        and _ends_with_mark(block[-1])
        and sum(map(len, block)) > 100
    )


def _line_above_first_prose(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int
) -> int | None:
    """Index of the title-like line standing right above the first sentence of the text (page
    chrome such as a site name comes higher up), or None."""
    above: list[int] = []
    for i in range(start, end):
        if tags[i] != _TEXT:
            continue
        text = _inline(lines[i][1])
        if _CUT_MARK.match(text) or _SECTION_LABEL.match(text):
            continue  # "[…]": a cut in the text, no sentence of it; a listing's section
        if (
            _is_prose(text)
            and not _is_menu_item(text)
            and not _is_long_title(text)
            and not (_headline_with_stop(text) and not any(_title_like(lines, k) for k in above))
        ) or (
            _SPEECH_OPENING.match(text)
            and any(_delivered_by(_inline(lines[k][1])) for k in above[-3:])
        ):
            break  # (a speech's opening words under its delivery line: "Thank you, Madam Chair,")
        if above and tags[i - 1] != _TEXT and _is_wrapped_paragraph(lines, tags, i, end):
            break  # (its lines one by one end in no sentence mark)
        above.append(i)
    else:
        return None
    # Up from the first sentence, over the header lines (date, time, office, type line, a
    # document symbol) between it and the title.
    for k in reversed(above[-8:]):
        if k == start:
            return None
        text = _inline(lines[k][1])
        if _DATED_BRIEFING.match(text) or _BRACKETED_DATE_TITLE.match(text):
            return k  # "Department Press Briefing – August 8, 2019": a title with its date
        if (
            (len(text) <= 100 and _is_header_field(text))
            or _kind_of_type_line(text) is not None
            or _is_delivery_line(text)
            or _by_line(text)  # "By Office of the Spokesperson"
            or _is_header_note(text)  # a document symbol ("SG/SM/18842") is one too
            or len(text.split()) < 3  # "Extractos", "Statements": a label
            or _opens_with_date(text)  # "May 12, 2021 , Russia, The US Department of State"
            or (len(text.split()) <= 3 and text.isupper())  # "HONG KONG EXCERPTS"
            or (text.isupper() and _place_above_date(lines, k, end))  # "MEDIA HUB OF THE …"
        ):
            continue
        if len(text) > 300 or " | " in text or "[ ]" in text:
            return None
        return k
    return None


# "[ja]" after a title: a site's note, not the title's. ("[scroll down for French]" stays:
# four annotators of five kept it as part of the UN's title.)
_TITLE_NOTE: Final = re.compile(r"\s*\[(?!scroll)[^\]\d][^\]]{0,30}\]\s*$")
_TITLE_NUMBER: Final = re.compile(r"^\d{1,2}\.\s+(?=\S)")


_SOURCE_TAG_ALT: Final = r"(?:U\.?S\.? )?(?:Department of State|State Dep(?:artmen)?t)[ ]?[:|][ ]+"
# A news mirror's feed tag before a title ("MIL-OSI USA: Europe and Eurasia: Secretary
# Pompeo’s Call …", "Canada News: Statement in celebration of Africa Day"), with the section
# that may follow it.
_FEED_PREFIX: Final = re.compile(
    r"^(?:(?:[A-Z]{2,}(?:-[A-Z]{2,})+(?: [A-Z]{2,})?|[A-Z][\w.]*(?: [A-Z][\w.]*){0,2} News)[ ]?:"
    r"[ ]+(?:[A-Z][a-z]+(?: (?:and|&) [A-Z][a-z]+)?:[ ]+)?|"
    # A State Department bureau's or a section's tag on a mirror ("Europe and Eurasia:
    # Interview With …", "Secretary’s Remarks: Remarks With …"), and a Canadian newswire's
    # "Canada – " before a headline that has no bracketed date (a French ministry's "Niger –
    # Attack … (February 22, 2017)" keeps its topic).
    r"(?:Africa|East Asia and (?:the )?Pacific|Europe and Eurasia|Near East|South and Central "
    r"Asia|Western Hemisphere|Secretary['’]s Remarks|Remarks by the Secretary)[ ]?:[ ]+|"
    r"Canada[ ]+[–-][ ]+(?=[A-Z](?!.*\(\d[^()]*\d{2}\)$))|"
    # A mirror's source tag ("US Department of State: Vietnam National Day", "State Dept |
    # Financial Sanctions …").
    rf"{_SOURCE_TAG_ALT}|"
    # A news site's section before a title ("United States | Temporary Departure of …").
    r"(?:United States|U\.S\.|US|World|Politics|International|Africa|Asia|Europe|Canada)"
    r"[ ]\|[ ]+)(?=\S)"
)
# The source tag alone: a line that starts with it is a title wherever it stands.
_SOURCE_TAG: Final = re.compile(rf"^{_SOURCE_TAG_ALT}(?=\S)")


# Share buttons glued to the end of a title ("… Iván Duque Facebooktwittergoogle_plusmail").
_TITLE_SHARE_DEBRIS: Final = re.compile(
    r"\s+\w*(?:facebooktwitter|twittergoogle|google_plus|pdfimage|image_print)\w*$", re.I
)


# An e-mail's subject label ("Subject: Assistant Secretary Marie Royce Travels to India") and a
# feed icon's text glued before a title ("rss Intensification des sanctions contre l’Iran").
_TITLE_LABEL: Final = re.compile(
    r"^(?:(?:subject|objet|asunto)[ ]?:|rss)[ ]+(?=(?-i:[A-ZÀ-Ý]))", re.I
)


def _clean_title(text: str) -> str:
    if "_" in text or "twitter" in text:
        text = _TITLE_SHARE_DEBRIS.sub("", text)
    text = _TITLE_LABEL.sub("", text)
    if (feed := _FEED_PREFIX.match(text)) is not None and len(text) > feed.end() + 12:
        text = text[feed.end() :]
    prefix = _CHANNEL_PREFIX.match(text)
    if prefix is not None and not prefix.group("note"):  # "Note to Correspondents:" stays
        text = text[prefix.end() :]
    elif (label := _PAGE_LABEL_PREFIX.match(text)) is not None and len(text) > label.end() + 8:
        text = text[label.end() :]
    text = _TITLE_NOTE.sub("", _TITLE_NUMBER.sub("", text))
    return _SPACES.sub(" ", text).strip().rstrip(",")  # (a title cut before its subtitle)


def _trim(tags: list[int], start: int, end: int) -> tuple[int, int]:
    while start < end and tags[start] not in (_TEXT, _HEADING_LINE):
        start += 1
    while end > start and tags[end - 1] not in (_TEXT, _HEADING_LINE):
        end -= 1
    return start, end


def _labels_in_body(
    h: _Header, lines: list[tuple[int, str]], tags: list[int], start: int, end: int
) -> set[int]:
    """``From:``/``Published`` lines just below a summary line (gov.uk), read and skipped."""
    skip: set[int] = set()
    seen = 0
    j = start
    while j < end and seen < 10:
        if tags[j] != _TEXT:
            j += 1
            continue
        seen += 1
        if j > start and tags[j - 1] == _TEXT and j - 1 not in skip:
            j += 1
            continue  # a label line starts its block, or follows another label
        labeled = _label_value(_inline(lines[j][1]))
        if labeled is not None:
            label, value = labeled
            skip.add(j)
            if not value:
                k = _filled_after(tags, j + 1, end)
                if k < end and tags[k] == _TEXT:
                    value = _inline(_DEFINITION.sub("", lines[k][1]))
                    skip.add(k)
                    j = k
            _read_label(h, label, value)
        j += 1
    return skip


def _kind_from_prefix(h: _Header, title: str) -> None:
    """ "Note to Correspondents: ..." and gov.uk's "Speech: ..." name the kind in the title's
    prefix."""
    label = _PAGE_LABEL_PREFIX.match(title)
    if label is not None and label.lastgroup is not None:
        h.kind, h.kind_text = _KIND_BY_GROUP[label.lastgroup], label.group(label.lastgroup)
        return
    prefix = _CHANNEL_PREFIX.match(title)
    if prefix is not None and prefix.group("note"):
        # A note carrying someone's statement ("Note to Correspondents: Statement by the
        # Special Envoy ...") is that statement; otherwise a Media Note.
        rest = title[prefix.end() :]
        if _SPECIFIC_TITLE_KIND.search(rest) is None:
            h.kind, h.kind_text = "Media Note", prefix.group("note")


# "By Department of Foreign Affairs Canada": a posting line's byline without its "By".
_BY_PREFIX_NAME: Final = re.compile(r"^(?:[Bb]y|[Pp]ar|[Pp]or)\s+(?=[A-Z])")
# A kind word before the signer's name ("DECLARATION DE HEATHER NAUERT, PORTE-PAROLE").
_KIND_BEFORE_NAME: Final = re.compile(
    r"^(?:d[ée]claration|declaraci[óo]n|statement|discours|remarks|allocution|propos)[ ]+"
    r"(?:de la |de l['’]|del |de |du |by |of )(?=[A-Z])",
    re.I,
)


_BYLINE_HONORIFIC: Final = re.compile(
    r"^(?:(?:Le|La|El)[ ]+(?=Dr\.?|Docteur|Doctor))?"  # "Le Dr. Tulinabo Mushingi"
    r"(?:M\.|Mme|Mr\.?|Mrs\.?|Ms\.?|Sr\.|Sra\.|Dr\.?|Docteur|Doctor)[ ]+(?=[A-Z])"
)


def _byline(h: _Header) -> Byline:
    """The byline as printed; a title without a name gives none, unless it is "Title, Name"
    ("Anuncio de Prensa" / "Secretario de Estado, Michael R. Pompeo")."""
    name = _byline_name(h.name)
    if h.title and h.title.casefold() == "meetings coverage and press releases":
        return Byline(name=None, title=None)  # the UN press site's masthead, two lines
    if name is None and h.title and (pair := _title_and_name(h.title)) is not None:
        return Byline(name=pair[0], title=pair[1])
    return Byline(name=name, title=_uncapitalised_title(h.title) if name else None)


def _byline_name(name: str | None) -> str | None:
    """The byline as printed, without a posting's "By", a kind word before the signer, a
    trailing comma, or capitals ("OFFICE OF THE SPOKESPERSON")."""
    if not name:
        return None
    name = _KIND_BEFORE_NAME.sub("", _BY_PREFIX_NAME.sub("", name)).rstrip(" ,;:/|")
    name = _BYLINE_HONORIFIC.sub("", name)  # "M. Jean-Marc Ayrault"
    # The Department's letterhead is no byline (no annotator took it for one), and it goes
    # when a flattened page glued the office to it ("…des États-UnisBureau de la porte-parole").
    name = _STATE_LETTERHEAD_NAME.sub("", _ISSUED_BY.sub("", name))
    if _NOT_A_BYLINE.search(name) or _SECTION_LABEL.match(name) or _ADVISORY_FIELD.match(name):
        # a label or a headline read as a name ("Opening Remarks", "Speeches"), an advisory's
        # field ("WHO: Mark Lowcock")
        return None
    return _uncapitalised(name) or None


# "press release issued by the Foreign Office": the issuer is the byline.
_ISSUED_BY: Final = re.compile(r"^(?:a |the )?press release issued by (?:the )?", re.I)
_NOT_A_BYLINE: Final = re.compile(
    r"\b(?:remarks|anuncio|mensaje|message|comments|press release|statement)\b", re.I
)
_STATE_LETTERHEAD_NAME: Final = re.compile(
    r"^(?:source[ ]*:[ ]*)?(?:the[ ]+)?(?:(?:(?:U\.?S\.?|United States)[ ]+)?Department[ ]+of[ ]+"
    r"State|"
    r"Departamento[ ]+de[ ]+Estado(?:[ ]+de(?:[ ]+los)?[ ]+Estados[ ]+Unidos)?|"
    r"D[ée]partement[ ]+d['’][ÉEée]tat(?:[ ]+des[ ]+[ÉEée]tats-Unis)?)(?:$|(?=[A-Z]))",
    re.I,
)
_SMALL_WORDS: Final = frozenset({"of", "the", "for", "and", "de", "du", "des", "la", "le",
                                 "del", "y", "et", "on", "in", "to"})  # fmt: skip


# "Washington, DC": a city and its district, not a venue and a city.
_US_STATE_CITY: Final = re.compile(r"^(?:D\.? ?C\.?|N\.?Y\.?)$")


def _place_as_written(place: str | None) -> str | None:
    """ "WASHINGTON, D.C." as it is written in a sentence: "Washington, D.C."; abbreviations of
    two letters stay in capitals ("DC", "NY"). A venue before the city is not the place
    ("Diaoyutai, Beijing", "Prime Minister’s Residence, Jerusalem": the city)."""
    if place and place.count(",") == 1:
        venue, city = (part.strip() for part in place.split(","))
        if _is_city(city) and not _is_country_or_city(venue) and not _US_STATE_CITY.match(city):
            place = city
    if not place or not place.isupper() or len(place) < 4:
        return place
    return " ".join(w if sum(c.isalpha() for c in w) <= 2 else w.title() for w in place.split(" "))


def _uncapitalised(name: str | None) -> str | None:
    """ "OFFICE OF THE SPOKESPERSON" as it is written in a sentence: "Office of the
    Spokesperson"."""
    if not name or not name.isupper() or len(name) < 6:
        return name
    words = name.title().split()
    return " ".join(
        w.lower() if i and w.lower() in _SMALL_WORDS else w for i, w in enumerate(words)
    )


def _uncapitalised_title(title: str | None) -> str | None:
    """A byline's title in capitals as written in a sentence ("SECRETARY OF STATE" gives
    "Secretary of State"); French and Spanish titles start in lower case ("porte-parole")."""
    written = _uncapitalised(title)
    if written is None or written == title:
        return written
    first, _, rest = written.partition(" ")
    if first.lower() in _ROMANCE_TITLES:
        return " ".join((first.lower(), rest)).strip()
    return written


_ROMANCE_TITLES: Final = frozenset(
    (
        "porte-parole",
        "secrétaire",
        "ministre",
        "ambassadeur",
        "ambassadrice",
        "président",
        "présidente",
        "directeur",
        "directrice",
        "portavoz",
        "secretario",
        "secretaria",
        "ministro",
        "ministra",
        "embajador",
        "embajadora",
        "presidente",
        "director",
        "directora",
        "subsecretario",
        "subsecretaria",
    )
)


def _read_headers(
    h: _Header,
    lines: list[tuple[int, str]],
    tags: list[int],
    bounds: tuple[int, int, int, int],
    warnings: list[Problem],
    *,
    title: str,
) -> int:
    """Read the header lines above and below the title; returns where the body starts.

    ``bounds`` are the release's start, the title's first index, the index after the title
    and the release's end; ``title`` is the title as found there.
    """
    start, title_at, after_title, end = bounds
    before, _ = _header_items(lines, tags, start, title_at, 12)
    consumed = _read_header(h, lines, tags, before, title_at, below_title=False)
    if consumed and h.name is not None and not h.person:
        # An office at the top of the page with chrome between it and the rest of the
        # header (or the title) is the site's name ("Ministry of Foreign Affairs of Japan"),
        # not the release's byline.
        following = before[1][0] if len(before) > 1 else title_at
        if following - before[0][0] > 2 and h.name == before[0][1]:
            h.name, h.last = None, ""
    if (
        # So is a name with its section ("UNITED NATIONS" / "Meetings Coverage and Press
        # Releases") that chrome separates from the rest of the header.
        consumed >= 2
        and len(before) > 2
        and before[2][0] - before[1][0] > 3
        and (h.name, h.title) == (before[0][1], before[1][1])
    ):
        h.name, h.title, h.person, h.last = None, None, False, ""
    if consumed < len(before) and h.name is None:
        consumed += _byline_block_above(h, lines, tags, before[consumed:], title_at)
    for j, text in before[consumed:]:
        # A type line right above the title, below chrome the header reading stopped at
        # ("Menú" / "COMUNICADO 052" / "# Asesinato de civiles en el Perú"), is the kind;
        # so is a date line there ("1. Home" / "Press Release" / "28 December 2017").
        if h.kind is None and _is_bare_kind(text) and _read_type(h, text, below_title=False):
            continue
        if h.date is None and (dated := _dateline(text)) is not None and not dated[1]:
            _read_dateline(h, dated[0], dated[1], lines[j][0])
            continue
        warnings.append(
            Problem(message="unrecognised line above the title", line=lines[j][0], field=None)
        )
    # A byline read above the title gives way to one below it ("U.S. DEPARTMENT of STATE —
    # Print view" above, "[Office Of The Spokesperson](#)" below the title).
    above = (h.name, h.title, h.person)
    h.name, h.title, h.person = None, None, False
    # So does a date: a blog's posting date above the title gives way to the release's own;
    # and so does a place ("Home" right above a blog's posting date).
    dated_above = (h.date, h.date_line)
    placed_above = h.place
    h.date = h.place = None
    items, stop = _header_items(lines, tags, after_title, end, 14)
    # A mirror that writes the title again below its heading: the copy is passed over.
    repeated = int(bool(items) and _clean_title(items[0][1]).casefold() == title.casefold())
    consumed = repeated + _read_header(h, lines, tags, items[repeated:], end, below_title=True)
    if consumed == 0 and _caption_over_header(lines, tags, items, end):
        # A photo's caption between the title and the header: passed over.
        consumed = 1 + _read_header(h, lines, tags, items[1:], end, below_title=True)
    h.place = h.place or placed_above
    if h.date is None:
        h.date, h.date_line = dated_above
        h.dated_above = h.date is not None
    if h.name is None or (above[2] and not h.person):
        # ... unless a person signs above and only an office stands below ("Rex W.
        # Tillerson" / "Secretary of State" above, "Department of State" below).
        h.name, h.title, h.person = above
    if h.date is None:
        h.date = h.posting_date
    return items[consumed][0] if consumed < len(items) else stop


def _byline_block_above(
    h: _Header,
    lines: list[tuple[int, str]],
    tags: list[int],
    rest: list[tuple[int, str]],
    title_at: int,
) -> int:
    """Below the chrome where the header reading stopped, a block of header lines that runs
    down to the title and names someone ("Michael R. Pompeo" / "Secretary of State" under a
    breadcrumb), or an office and a date, is the header; returns how many of ``rest`` it
    takes (0 when there is none)."""
    if not rest or title_at - rest[-1][0] > 3:
        return 0
    for r in range(len(rest) - 1, max(-1, len(rest) - 5), -1):  # the shortest block first
        block = rest[r:]
        found = _Header()
        if (
            tags[block[0][0] - 1] != _TEXT  # the block is set off, not part of a wrapped title
            and (tags[block[-1][0] + 1] != _TEXT or block[-1][0] + 1 == title_at)
            and _read_header(found, lines, tags, block, title_at, below_title=False) == len(block)
            and (found.person or (found.name is not None and found.date is not None))
            and not (found.name or "").isupper()  # a section label ("RELACIONES DIPLOMÁTICAS")
        ):
            h.name, h.title, h.person, h.last = found.name, found.title, found.person, found.last
            h.kind = h.kind or found.kind
            h.kind_text = h.kind_text or found.kind_text
            if h.date is None:
                h.date, h.date_line = found.date, found.date_line
            h.place = h.place or found.place
            return len(rest)
    return 0


def _date_line_near_top(
    lines: list[tuple[int, str]], tags: list[int], start: int, end: int
) -> tuple[dt.date, int] | None:
    """The date written on a line of its own (a weekday before it at most) among the first
    twelve filled lines from ``start``."""
    seen = 0
    for k in range(start, end):
        if tags[k] != _TEXT:
            continue
        seen += 1
        if seen > _DATE_LINE_REACH:
            return None
        text = _inline(lines[k][1]).strip()
        found = _find_date(text) if len(text) <= 40 else None
        if (
            found is not None
            and _WEEKDAY_BEFORE.fullmatch(text[: found[1]])
            and not text[found[2] :].strip(" .,")
        ):
            return found[0], lines[k][0]
    return None


_DATE_LINE_REACH: Final = 12
_WEEKDAY_BEFORE: Final = re.compile(rf"(?:(?:{_WEEKDAY_WORDS}),?[ ]+)?", re.I)


def _date_and_place_in_body(h: _Header, paras: list[_Para], warnings: list[Problem]) -> list[_Para]:
    """The date and place that the header lacks, from the opening or the bottom of the body."""
    _date_issued(h, paras)
    if h.date is None:
        paras = _date_at_opening(h, paras)
        if h.date is not None:
            message = "date taken from the opening of the body"
            warnings.append(Problem(message=message, line=h.date_line, field="date"))
    if h.place is None and h.date is not None:
        paras = _place_at_opening(h, paras)
    if h.place is None and h.date is not None:
        paras = _date_at_bottom(h, paras)
    if h.date is None:
        paras = _date_at_bottom(h, paras)
        if h.date is not None:
            message = "date taken from the bottom of the release"
            warnings.append(Problem(message=message, line=h.date_line, field="date"))
            if h.place is None:
                paras = _place_at_opening(h, paras)
    if h.place is None:  # a run-in place with no date: "Washington, DC - As President …"
        paras = _place_at_opening(h, paras, known=True)
    return paras


def _parse_range(
    lines: list[tuple[int, str]],
    tags: list[int],
    start: int,
    end: int,
    raw: str,
    *,
    menus: frozenset[int] = frozenset(),
) -> ParsedRelease | RejectedRelease:
    start_line = lines[start][0] if start < len(lines) else 1
    if not _has_content(tags, start, end):
        reasons = (
            Problem(message="no title", line=start_line, field="title"),
            Problem(message="no body", line=start_line, field="body"),
        )
        return RejectedRelease(raw=raw, start_line=start_line, reasons=reasons, title=None)
    found = _title_or_headless(lines, tags, start, end, menus)
    title, title_at, after_title, title_line = found
    warnings: list[Problem] = []
    plain = tags[title_at] != _HEADING_LINE
    if plain:
        message = "no heading; title taken from the first line"
        warnings.append(Problem(message=message, line=title_line, field="title"))
    chrome = _chrome_title(title, plain, title_line)
    if chrome is not None:
        title = ""

    h = _Header()
    _kind_from_prefix(h, _heading_text(lines[title_at][1])[1] or lines[title_at][1])
    top = start
    if title_at > start and tags[start] == _HEADING_LINE:
        label = _heading_text(lines[start][1])[1]
        if (
            label
            and not _is_bare_kind(label)
            and (tags[title_at] != _HEADING_LINE or _SECTION_LABEL.match(label))
        ):
            # The release opens below a section label ("# Statements") and the headings
            # that follow it ("# Welcome to the United Nations").
            top = 1 + max(k for k in range(start, title_at) if tags[k] == _HEADING_LINE)
    # Above the site's own menu (blanked as chrome) stand the site's name and tagline, no
    # header lines ("NETNEWS" / menu / "Domingo, 07 de Diciembre de 2025 | 18:30" / title).
    top = max((m + 1 for m in menus if top <= m < title_at), default=top)
    body_start = _read_headers(
        h, lines, tags, (top, title_at, after_title, end), warnings, title=title
    )
    skip = _labels_in_body(h, lines, tags, body_start, end)
    paras, footnotes = _split_footnotes(_body_paragraphs(lines, tags, body_start, end, skip))
    paras = _rejoin(paras)
    if h.date is None and h.day_month is not None:
        h.date = _year_of_archive(lines, title_at, h.day_month[0])
        h.date_line = h.day_month[1] if h.date is not None else None
    paras = _date_and_place_in_body(h, paras, warnings)
    if h.date is None and (alone := _date_line_near_top(lines, tags, after_title, end)):
        # A date on a line of its own under the title, run into a block the header did not
        # read ("Ambassador Sondland Remarks (as delivered) at" / … / "Tuesday, February 26,
        # 2019"), or below the first paragraphs ("Doorstop, Canberra" / … / "26 February 2018").
        h.date, h.date_line = alone
        message = "date taken from a line of its own near the top"
        warnings.append(Problem(message=message, line=h.date_line, field="date"))
    if h.name is None:
        paras = _byline_at_bottom(h, paras)
        if h.name is not None:
            message = "byline taken from the bottom of the release"
            warnings.append(Problem(message=message, line=title_line, field="byline"))
    if not paras:
        no_body = Problem(message="no body", line=title_line, field="body")
        no_title = chrome or Problem(message="no title", line=start_line, field="title")
        missing = (no_body,) if title else (no_title, no_body)
        return RejectedRelease(raw=raw, start_line=start_line, reasons=missing, title=title or None)

    if h.venue is not None and _byline_name(h.name) is None and _is_office(h.venue):
        # "U.S. Department of State" / "Office of the Spokesperson": the office under the
        # letterhead is the byline, not a venue.
        h.name, h.venue, h.title = h.venue, None, None
    attributed = _attributed_to(paras)
    kind = _settle_missing_fields(h, title, paras, attributed, line=title_line, warnings=warnings)
    body = tuple(p.text for p in paras)
    content = ReleaseContent(
        title=title,
        kind=kind,
        byline=_byline(h),
        attributed_to=attributed,
        place=_place_as_written(h.place),
        venue=h.venue,
        date=h.date,
        language=_guess_language(title + "\n" + "\n".join(body[:6])),
        body=body,
        footnotes=footnotes,
    )
    if not title:
        reason = chrome or Problem(message="no title", line=start_line, field="title")
        return RejectedRelease(
            raw=raw, start_line=start_line, reasons=(reason,), title=None, found=content
        )
    return ParsedRelease(content=content, warnings=tuple(warnings), raw=raw, start_line=start_line)


def _chrome_title(title: str, plain: bool, line: int) -> Problem | None:
    """Why the plain line taken for the title is no headline ("Channel 1 Los Angeles",
    "Actualités", "Summary"), when the headline model says so: the page shows none, and the
    release is read headless. None for a headline, and for any ``#`` heading (upstream
    systems mark their headlines: a heading is never overruled)."""
    p = learned.headline(title, plain) if plain and title else None
    if p is None or p >= learned.HEADLINE_FLOOR:
        return None
    message = f"no title: {title!r} reads as the page's chrome, not a headline (p = {p:.2f})"
    return Problem(message=message, line=line, field="title")


def _title_or_headless(
    lines: list[tuple[int, str]],
    tags: list[int],
    start: int,
    end: int,
    menus: frozenset[int] = frozenset(),
) -> tuple[str, int, int, int]:
    """The title as ``_find_title`` gives it; for a release without a headline, an empty
    title standing where its header starts."""
    found = _find_title(lines, tags, start, end)
    if found is not None and (
        _masthead_over_chrome(found[0], tags, found[1], found[2])
        or _masthead_over_menu(found[0], lines, tags, (found[1], found[2]), menus)
    ):
        after = found[2]
        k = _tagline_after(lines, tags, after)
        if k is not None and any(k < m <= k + 4 for m in menus):
            after = k + 1  # (a tagline over the menu goes with the masthead)
        return "", found[1], after, lines[found[1]][0]  # the masthead and its tagline
    if found is not None and (no_title := _no_title(found[0])) is not None:
        # A line taken for the title that cannot be one: the release has no headline. A
        # speaker's turn or a signer is read as what it is; a site's name is passed over.
        first = found[1]
        if no_title != "chrome":
            for k in range(first, found[2]):  # read again as the plain lines they are
                if tags[k] == _HEADING_LINE:
                    lines[k], tags[k] = (lines[k][0], _heading_text(lines[k][1])[1]), _TEXT
        if no_title == "chrome" and tags[first] == _HEADING_LINE:
            # A masthead with its menu read as a heading ("# ITS NETWORK Home News …"): the
            # headline may be the plain line above the header lines further down.
            below = _line_above_first_prose(lines, tags, found[2], end)
            if (
                below is not None
                and not (  # (not a wrapped paragraph's first line, nor a writer's byline)
                    below + 1 < end
                    and tags[below + 1] == _TEXT
                    and lines[below + 1][1][:1].islower()
                )
                and not _WRITTEN_BY.match(_inline(lines[below][1]))
            ):
                return _clean_title(_inline(lines[below][1])), below, below + 1, lines[below][0]
        return "", first, first + (no_title == "chrome"), lines[first][0]
    if found is None:
        top = _headless_top(lines, tags, start, end, menus)
        return "", top, top, lines[min(top, len(lines) - 1)][0]
    return found


def _masthead_over_chrome(title: str, tags: list[int], first: int, after: int) -> bool:
    """The page's first line over chrome that was blanked (its menu, a breadcrumb) down to a
    rule ("**ActuBénin** — L'actualité du Bénin au quotidien" / menu / "Accueil › …" /
    "---"): a site's masthead, not a title."""
    # A site's name: a few words, a tagline after a dash, or capitals (a real title over
    # blank lines and a rule is longer: "Secretary Pompeo Meets Foreign Minister Motegi").
    if not (len(title.split()) <= 4 or " — " in title or title.isupper()):
        return False
    if _line_above_at_page_top(tags, first) is None:
        return False
    k = _filled_after(tags, after)
    return k - after >= 3 and k < len(tags) and tags[k] == _RULE_LINE


def _masthead_over_menu(
    title: str,
    lines: list[tuple[int, str]],
    tags: list[int],
    span: tuple[int, int],
    menus: frozenset[int],
) -> bool:
    """The page's first line (or its tagline) right above the site's own menu, blanked as
    chrome ("# Winbratech" / "Home · About · Contact"): the site's name, not a title."""
    first, after = span
    if not menus or len(title.split()) > 9 or _ends_sentence(title):
        return False
    # A title under the site's menu is the page's own; a menu above the rule that opens this
    # page (saved below another) is the other page's.
    menu = max((m for m in menus if m < first), default=-1)
    if menu >= 0 and _RULE_LINE not in tags[menu + 1 : first]:
        return False
    above = _line_above_at_page_top(tags, first)
    if above is None or (above != -1 and not _site_name(lines[above][1])):
        return False  # the page's first line, or a tagline under a site's name
    k = _filled_after(tags, after)
    if (tagline := _tagline_after(lines, tags, after)) is not None:
        k = _filled_after(tags, tagline + 1)  # the site's tagline between ("Meetings Coverage")
    return any(after <= m < min(k, after + 6) for m in menus)


def _tagline_after(lines: list[tuple[int, str]], tags: list[int], after: int) -> int | None:
    """Where the first filled line from ``after`` is, when it is a site's tagline."""
    k = _filled_after(tags, after)
    return k if k < len(tags) and tags[k] == _TEXT and _is_tagline(_inline(lines[k][1])) else None


def _is_tagline(text: str) -> bool:
    """A site's tagline under its name: a few words, no sentence, no date, no office or other
    header line ("Office of the Spokesperson" under a title is its byline)."""
    return (
        0 < len(text.split()) <= 5
        and not _ends_sentence(text)
        and not _DIGIT.search(text)
        and _OFFICE_PREFIX.match(text) is None
    )


def _line_above_at_page_top(tags: list[int], first: int) -> int | None:
    """Where line ``first`` stands at the top of the page: -1 when it is the page's first line,
    the first line's index when it is the line right under it (a site's tagline); None when
    it is further down."""
    above = _filled_before(tags, first)
    if above != -1 and tags[above] == _RULE_LINE:
        return -1  # the first line of a page saved below another, under the rule between them
    if above != -1:
        top = _filled_before(tags, above)  # (a page saved below another starts at its rule)
        if (top != -1 and tags[top] != _RULE_LINE) or first - above > 2:
            return None
    return above


def _site_name(line: str) -> bool:
    """ "DAKARACTU.COM", "actubenin.com", "STL.News", "ReliefWeb": a site's name in capitals,
    as its domain, or as one word with a capital inside."""
    text = _inline(line).strip()
    return (
        text.isupper()
        or _DOMAIN.search(text) is not None
        or (" " not in text and text[:1].isupper() and any(c.isupper() for c in text[1:]))
    )


_DOMAIN: Final = re.compile(r"\.(?:com|net|org|info|news)\b", re.I)


def _headless_top(
    lines: list[tuple[int, str]],
    tags: list[int],
    start: int,
    end: int,
    menus: frozenset[int] = frozenset(),
) -> int:
    """Where the header of a release without a headline starts: the header lines right above
    its first paragraph (a type line, a signer, a date), below the page's chrome (a line over
    the site's own menu, blanked, is the site's name: "Ambassade des États-Unis")."""
    first = next(
        (
            i
            for i in range(start, end)
            if tags[i] == _TEXT
            and (
                (len(text := _inline(lines[i][1])) >= 60 and _is_prose(text))
                or _speaker(text) is not None
            )
        ),
        start,
    )
    top = first
    k = _filled_before(tags, first)
    while k >= start and tags[k] == _TEXT and not any(m in menus for m in range(k, top)):
        text = _inline(lines[k][1])
        if not (
            _is_header_line(text)
            or _person_line(text) is not None
            or _signer_run_together(text) is not None
            or _is_person_name(_strip_honorifics(text))
            or _has_title_words(text)
        ):
            break
        top, k = k, _filled_before(tags, k)
    return top


def _no_title(text: str) -> str | None:
    """What a line found where a title stands is when it cannot be a title: a ``"turn"`` of
    the body (see ``_opens_body``), a ``"signer"`` with their title run together ("Robert
    Palladino Deputy Spokesperson"), or ``"chrome"``: a site's or an embassy's name
    ("Ambassade des États-Unis en Mauritanie"), a repost's metadata row ("Country: Nigeria ·
    Language: English"). None for a title."""
    if (
        _opens_body(text)
        or _ADVISORY_FIELD.match(text)  # "• WHAT: On-the-Record Briefing"
        or (len(text) > 100 and _SPEECH_OPENING.match(text))  # "Muy buenos días, muchas …"
    ):
        return "turn"
    if _BULLET.match(text) and _label_value(_BULLET.sub("", text, count=1)) is not None:
        return "chrome"  # a page's metadata as a bullet ("• Last updated: 31 Jan. 2019")
    if (
        (" · " in text and _METADATA_ROW.search(text))
        or (_is_office(text) and len(text.split()) <= 7)
        # A menu run into one line ("STL.News Home News Politics World Business Travel").
        or sum(word in _MENU_WORDS for word in text.split()) >= 3
        or _is_navigation(text)
        # A masthead in capitals ("HEALTH N DEVELOPMENT"); no annotated title of five words
        # or fewer is in capitals.
        or (
            text[:1].isalpha()
            and text.isupper()
            and len(text.split()) <= 5
            and _kind_of_type_line(text) is None
        )
    ):
        return "chrome"
    return "signer" if _signer_run_together(text) is not None else None


# What separates a menu's or a breadcrumb's items: "Home · News", "Accueil » Afrique",
# "Subject Matter Areas > Human Trafficking", "TN8 | Noticias en vivo".
_CRUMB_MARK: Final = r"[»>]|>>|&raquo;|&gt;"  # between a breadcrumb's items
_NAV_SEPARATOR: Final = re.compile(rf"[ \t]+(?:[|·]|{_CRUMB_MARK})[ \t]+|\t+")


def _is_navigation(text: str) -> bool:
    """A masthead with its menu, or a breadcrumb: items of a few words each between menu
    separators ("United Nations | Meetings Coverage and Press Releases"); no annotated title
    holds such a separator."""
    items = _NAV_SEPARATOR.split(text)
    if len(items) == 2 and len(items[0].split()) > 2 and not _BREADCRUMB_SEPARATOR.search(text):
        return False  # "Joint Statement on Trade | U.S. Embassy Tokyo": a title and its site
    return len(items) >= 2 and all(
        0 < len(item.split()) <= 5 and not item.endswith((".", ":", "!")) for item in items
    )


_BREADCRUMB_SEPARATOR: Final = re.compile(rf"[ \t](?:{_CRUMB_MARK})[ \t]")


def _opens_body(text: str) -> bool:
    """Whether a line is the body's opening, never a title: a speaker's turn ("QUESTION: Good
    morning."), "The following statement was issued today by the Spokesman …:", or a news
    site's opening dateline ("Washington, DC (STL.News) Michael R. Pompeo … released the
    following statement:", "ADDIS ABABA, Ethiopia, June 24, 2019/APO Group/ --", "Washington,
    DC - Secretario de Estado, …")."""
    speaker = _speaker(text)
    if speaker is not None and _is_prose(text[speaker.end() :].strip()):
        return True
    if text.endswith(":") and _FOLLOWING_STATEMENT.search(text):
        return True
    opening = _PLACE_OPENING.match(text)
    return (
        opening is not None
        and _is_place(opening.group("place").strip(" ,"))
        and (
            "(" in opening.group() or "/APO" in opening.group() or _is_prose(text[opening.end() :])
        )
    )


_PLACE_OPENING: Final = re.compile(
    r"^(?P<place>[A-Z][^()\-–—/\d]{2,40}?)(?:,[ ]+\w+[ ]+\d{1,2},[ ]+\d{4})?[ ]*"
    r"(?:\([^()\s]{2,25}\)|[ ][-–—]|/APO(?: Group)?/)[ ]*"
)
_MENU_WORDS: Final = frozenset(
    {"Home", "News", "Politics", "World", "Business", "Travel", "Sport", "Sports", "Opinion",
     "Health", "Entertainment", "Contact", "Accueil", "Politique", "Société", "Économie",
     "Inicio", "Noticias", "Deportes", "Opinión", "Economía", "Mundo", "Negocios", "Blog",
     "Posts", "About", "Markets", "Video", "Videos", "Forums", "Members", "Calendar", "Donate",
     "Subscribe", "Analysis", "Updates", "Disasters", "Jobs", "Training", "Multimedia",
     "Actualités", "Actualidad"}
)  # fmt: skip
_METADATA_ROW: Final = re.compile(
    r"\b(?:Source|Language|Country|Posted|Originally published|Condividi)\b"
)
# Words of a title that come before the title word ("Deputy Spokesperson", "U.S. Ambassador").
_TITLE_LEAD: Final = frozenset(
    {"U.S.", "Department", "Deputy", "Acting", "Senior", "Assistant", "Special", "Principal"}
)
_NO_NAME_WORDS: Final = _TITLE_LEAD | {"With", "And", "On", "For", "To", "At", "State", "United",
                                      "Nations", "Foreign", "Affairs"}  # fmt: skip


@_line_cache
def _signer_run_together(text: str) -> tuple[str, str] | None:
    """ "Michael R. Pompeo Secretary of State": a name and a title on one line without the
    comma between (the header a print view ran together), or None; no headline says only
    that. An honorific before the name is dropped ("Ambassador Cherith Norman Chalet Acting
    Deputy Permanent Representative"), unless what follows it reads as a headline's verb
    ("Minister Freeland Names Special Envoy")."""
    stripped = _strip_honorifics(text)
    honorific, text = stripped != text, stripped
    words = text.split()
    if len(words) > 10 or _kind_of_type_line(text) is not None or _is_prose(text):
        return None
    for k in (2, 3, 4):
        name, rest = words[:k], words[k:]
        if not rest or len(rest) > 6 or not _is_person_name(" ".join(name)):
            continue
        if any(w in _NO_NAME_WORDS or w.endswith("ing") for w in name):
            continue  # "Remarks With …", "Sanctioning Nicaraguan Officials …", "Senior State
            # Department Official", "United Nations Secretary-General"
        if honorific and name[-1].endswith("s"):
            continue  # "Minister Freeland Names …", "Secretary Kerry Thanks …"
        lead = 1 if len(rest) > 1 and rest[0] in _TITLE_LEAD else 0
        if (
            _TITLE_WORDS.match(" ".join(rest[lead:])) is not None
            and all(w[0].isupper() or w.lower() in _TITLE_CONNECTORS for w in rest)
            and _titled_name(" ".join(rest)) is None
        ):
            return " ".join(name), " ".join(rest)
    return None


def _settle_missing_fields(
    h: _Header,
    title: str,
    paras: list[_Para],
    attributed: str | None,
    *,
    line: int,
    warnings: list[Problem],
) -> str:
    """Infer what the header did not say (kind, date from the title), warn about the rest.

    Returns the kind; warnings point at the title line.
    """
    if h.name is None and (signer := _TITLE_SIGNER.search(title)) is not None:
        # "The Terrorist Attacks in Afghanistan (Statement by Press Secretary Takeshi Osuga)"
        named = (signer.group(1) or signer.group(2)).strip()
        pair = (
            _name_and_title(named)  # "Statement by Jean-Yves Le Drian, Minister for ..."
            or _titled_name(named)
            or ((named, "") if _is_person_name(named) else None)
        )
        if pair is not None:
            h.name, h.title, h.person = pair[0], pair[1] or None, True
    kind = h.kind
    if kind is None:
        kind, source = _infer_kind(title, paras, attributed, h)
        message = f"no type line; kind inferred as {kind} from {source}"
        warnings.append(Problem(message=message, line=line, field="kind"))
    elif h.generic or (
        h.signed_label and not h.person and not _STATE_LETTERHEAD.search(h.name or "")
    ):
        match = _SPECIFIC_TITLE_KIND.search(title)
        kind = (
            _KIND_BY_GROUP[match.lastgroup]
            if match and match.lastgroup
            else _title_hint(title) or "Other"
        )
        message = f"type line {h.kind_text!r} names a page type; kind {kind}" + (
            " from the title" if match else ""
        )
        warnings.append(Problem(message=message, line=line, field="kind"))
    elif (
        kind == "Special Briefing"
        and _DATED_ITEM_END.search(title)
        and (named := _kind_in_title(title)) != "Special Briefing"
    ):
        # An item of a daily briefing listing ("The Daily Press Briefing" / "Slovenia –
        # Meeting between … (Paris - July 2, 2019)"): its subject says what it is.
        kind = named or _title_hint(title) or "Press Statement"
        message = f"type line {h.kind_text!r} heads a listing; kind {kind} from the item"
        warnings.append(Problem(message=message, line=line, field="kind"))
    elif kind == "Other":
        message = f"type line {h.kind_text!r} is not a known kind"
        warnings.append(Problem(message=message, line=line, field="kind"))
    if h.date is None or h.dated_above:
        # A date in the title ("… (Paris, 19/03/2018)") is the release's; one above the
        # title may be the listing's day.
        found = _date_in_title(title)
        if found is not None or h.date is None:
            h.date = _title_date(title, found) if found is not None else None
            message = _TITLE_DATE if found is not None else "no date"
            warnings.append(Problem(message=message, line=line, field="date"))
    if h.name is None:
        warnings.append(Problem(message="no byline", line=line, field="byline"))
    if h.place is None:
        h.place = _place_in_title(title)
        message = "place taken from the title" if h.place else "no place line"
        warnings.append(Problem(message=message, line=line, field="place"))
    return kind


def _title_date(title: str, found: tuple[dt.date, int, int]) -> dt.date:
    """The date a title ends with, day first after a place abroad ("(Paris, 09/04/2017)")."""
    place = _place_in_title(title)
    written = title[found[1] : found[2]]
    return _day_first_abroad(found[0], written, [("place", place)] if place else [])


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the line breaks in ``text``: line ``n`` runs from the end of break ``n - 1``
    to the start of break ``n`` (1-based lines)."""
    if "\r" in text:
        return [m.span() for m in _LINE_BREAK.finditer(text)]
    # Only "\n" breaks: each one ends where its line (and the lines before) end.
    ends = itertools.accumulate(len(line) + 1 for line in text.split("\n")[:-1])
    return [(end - 1, end) for end in ends]


def _slice_lines(text: str, breaks: list[tuple[int, int]], first: int, last: int) -> str:
    """The exact input text of lines ``first`` to ``last`` (1-based, line breaks inside)."""
    start = breaks[first - 2][1] if first >= 2 else 0
    end = breaks[last - 1][0] if last - 1 < len(breaks) else len(text)
    return text[start:end]


def _parse_safely(
    lines: list[tuple[int, str]],
    tags: list[int],
    start: int,
    end: int,
    *,
    text: str,
    breaks: list[tuple[int, int]],
    menus: frozenset[int] = frozenset(),
) -> ParsedRelease | RejectedRelease:
    start, end = _trim(tags, start, end)
    if start >= end:
        raw, first_line = "", (lines[start][0] if start < len(lines) else 1)
    else:
        first_line = lines[start][0]
        raw = _slice_lines(text, breaks, first_line, lines[end - 1][0])
    try:
        return _parse_range(lines, tags, start, end, raw, menus=menus)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not lose the release: record it
        reason = Problem(message=f"parser error: {exc!r}", line=first_line, field=None)
        return RejectedRelease(raw=raw, start_line=first_line, reasons=(reason,), title=None)


_SETEXT_1: Final = re.compile(r"^ {0,3}=+[ \t]*$")
# A listing's or a post's category label: "Category: New Zealand Government", "Filed under: …".
_CATEGORY_LABEL: Final = re.compile(
    r"^(?:categor(?:y|ies)|cat[ée]gories?|categor[íi]as?|filed under|topics?|tags?)[ ]*:", re.I
)
_SETEXT_2: Final = re.compile(r"^ {0,3}-{2,}[ \t]*$")


# A listed item's title ends in its date in brackets ("… (Paris - July 2, 2019)").
_DATED_ITEM_END: Final = re.compile(r"\([^()]*\b\d{4}\)$")
# A French ministry's title: a subject and its date in brackets ("Sudan (22 August 2019)").
_BRACKETED_DATE_TITLE: Final = re.compile(
    r"^[A-Z][^()]{1,80}\((?:\d{1,2}(?:er)? \w+\.? \d{4}|\w+\.? \d{1,2}, \d{4})\)$"
)


def _atx_from_setext(lines: list[tuple[int, str]]) -> None:
    """Setext headings ("Title" over "=====", "Readout" over "-----") become ``#`` headings.

    A "---" right below a date or a sentence stays a rule (the State header without blank
    lines ends that way).
    """
    for i in range(1, len(lines)):
        number, line = lines[i]
        if not line or line[0] not in " =-":
            continue
        above = lines[i - 1][1].strip()
        if (
            not above
            or above.startswith(("#", "-", "*", "|", ">", "="))  # (a rule over a rule)
            or _BARE_URL.match(above)
            or above.count(" | ") >= 2
            or above.count(" > ") >= 2  # a breadcrumb trail ("Home > Remarks > 2018")
            or _BREADCRUMB.match(above)  # "Home › Updates › Afghanistan"
            or _COPYRIGHT_LINE.search(above)  # "© STL.News" over the rule to the next page
            or _CATEGORY_LABEL.match(above)  # "Category: New Zealand Government"
        ):
            continue  # a print view's address or a menu row over a rule is no heading
        if _SETEXT_1.match(line):
            level = "#"
        elif (
            _SETEXT_2.match(line)
            and len(above) <= 100
            and not _ends_sentence(above)
            and (_dateline(_inline(above)) is None or _BRACKETED_DATE_TITLE.match(above))
        ):
            level = "##"
        else:
            continue
        lines[i - 1] = (lines[i - 1][0], f"{level} {above}")
        lines[i] = (number, "")


def _tag_lines(lines: list[tuple[int, str]]) -> tuple[list[int], frozenset[int]]:
    """Each line's tag, and where the site's menus were (see ``_blank_chrome``)."""
    _atx_from_setext(lines)
    tags = [_line_tag(line) for _, line in lines]
    for i, (_, line) in enumerate(lines):
        # Cheap test first: most lines cannot be part of the footer.
        if tags[i] == _TEXT and ("ebsite" in line or "xternal" in line or "ranslation" in line):
            _tag_footer(lines, tags, i)
    _blank_captions(lines, tags)
    crumbs = {i for i, (_, line) in enumerate(lines) if tags[i] == _TEXT and _is_crumb_trail(line)}
    crumbs |= _crumbs_below_label(lines, tags)
    menus = _blank_chrome(lines, tags)
    for i in crumbs:
        if tags[i] == _TEXT:
            lines[i], tags[i] = (lines[i][0], ""), _BLANK
    if _HEADING_LINE not in tags:
        _promote_sourced_titles(lines, tags)
    _promote_repeated_titles(lines, tags)
    if _HEADING_LINE not in tags:
        _promote_listed_titles(lines, tags)
    _promote_plain_titles(lines, tags, crumbs)
    # Once a plain listing heading is known, its plain numbered items are headings too.
    _promote_bold_items(lines, tags, [i for i, tag in enumerate(tags) if tag == _TEXT])
    _join_wrapped_headings(lines, tags)
    return tags, menus


_IMAGE_LINE: Final = re.compile(r"^[ ]*!\[([^\]\n]{3,200})\]\([^)\n]*\)[ ]*$")


def _blank_captions(lines: list[tuple[int, str]], tags: list[int]) -> None:
    """An image's caption repeating its alt text ("![Secretary of State Mike Pompeo](#)" then
    "Secretary of State Mike Pompeo") is part of the picture, not a header line."""
    for i, (_, line) in enumerate(lines):
        if "![" not in line or (match := _IMAGE_LINE.match(line)) is None:
            continue
        j = _filled_after(tags, i + 1)
        if j < len(lines) and tags[j] == _TEXT and _inline(lines[j][1]) == match.group(1).strip():
            tags[j] = _BLANK


_CRUMB_ITEM: Final = re.compile(r"^(?:[ ]{2,}|[ ]*\d{1,2}\.[ ])")
_HERE_LABEL: Final = re.compile(
    r"^[*_ ]*(?:you are here|vous [êe]tes ici|usted est[áa] aqu[íi])[ ]*:?[*_ ]*$", re.I
)


@_line_cache
def _is_crumb_trail(line: str) -> bool:
    """A breadcrumb trail ("Home > International > Foreign affairs"); cheap test first."""
    return ("> " in line or "› " in line or "» " in line or " / " in line) and bool(
        _CRUMB_TRAIL.match(line) or _BREADCRUMB.match(line)
    )


_is_here_label: Final = _cached_test(_HERE_LABEL)


def _crumbs_below_label(lines: list[tuple[int, str]], tags: list[int]) -> set[int]:
    """The trail written one crumb a line below "Vous êtes ici :" ("Canada.ca" / "Affaires
    mondiales Canada"), up to four short lines."""
    found: set[int] = set()
    for i, (_, line) in enumerate(lines):
        if tags[i] != _TEXT or not _is_here_label(line):
            continue
        j = i + 1
        while (
            j < len(lines)
            and j - i <= 4
            and tags[j] == _TEXT
            and len(lines[j][1]) <= 45
            and _CRUMB_ITEM.match(lines[j][1])  # indented or numbered: "  1. Canada.ca"
        ):
            found.add(j)
            j += 1
    return found


# Words a line of running text may end with but a title never does.
_MID_SENTENCE_ENDS: Final = frozenset(
    {"the", "a", "an", "of", "and", "to", "in", "on", "for", "with", "by", "at", "from", "that",
     "le", "la", "les", "de", "des", "du", "et", "à", "au", "aux", "en", "el", "los", "las",
     "del", "y", "con", "por", "para", "que"}
)  # fmt: skip


def _promote_plain_titles(
    lines: list[tuple[int, str]], tags: list[int], crumbs: set[int] | None = None
) -> None:
    """Read the title lines of a plain-text dump (a print view, no markdown) as headings.

    A line with the ``Press Releases:`` channel prefix is a title wherever it stands. In a
    dump without any heading, a short line that is not prose nor a header line itself and is
    followed by a release header (type line, office, date) is a title too, so that a print
    view holding several releases splits like its markdown twin.
    """
    no_headings = _HEADING_LINE not in tags
    candidates = [
        i
        for i, (_, line) in enumerate(lines)
        if tags[i] == _TEXT
        and len(line) <= 300
        and not line.lstrip().startswith(("- ", "* ", "+ ", ">"))  # bullets; "**bold**" stays
    ]
    _promote_bold_items(lines, tags, candidates)
    for i in candidates:  # first the channel prefix, so that later tests see those titles
        number, line = lines[i]
        if tags[i] != _TEXT:
            continue
        text = _inline(line)
        if (
            ":" not in line or not line.lstrip("#*_[ ").lower().startswith(_CHANNEL_WORDS)
        ) and not _SOURCE_TAG.match(text):
            continue
        prefix = (
            _CHANNEL_PREFIX.match(text) or _PAGE_LABEL_PREFIX.match(text) or _SOURCE_TAG.match(text)
        )
        rest = text[prefix.end() :] if prefix else ""
        if (
            prefix
            and len(rest.split()) >= 2
            and (
                _dateline(rest) is None or _DATED_BRIEFING.match(rest)  # "Department Press …"
            )
        ):
            lines[i] = (number, "# " + line.strip())
            tags[i] = _HEADING_LINE
    _promote_titles_below_rules(lines, tags, candidates)
    if _HEADING_LINE in tags and no_headings and not crumbs:
        return  # a print view whose titles carry the channel prefix: all of them do
    if not crumbs and not no_headings:
        return  # a markdown page without a breadcrumb trail: its titles are headings
    content_start = max(crumbs) + 1 if crumbs and no_headings else 0  # text follows its trail
    for i in candidates:
        number, line = lines[i]
        text = _inline(line)
        if not text or i < content_start or tags[i] != _TEXT or _DOC_SYMBOL.match(text):
            continue
        if " | " in text or " · " in text or _SHARE_DEBRIS.match(text):
            continue  # a navigation row ("Skip to main content | Search GOV.UK | Menu"), or
            # share-button debris ("Facebooktwittergoogle_plusmail")
        if (
            (i >= 3 and tags[i - 1] == tags[i - 2] == tags[i - 3] == _TEXT)
            or (i + 1 < len(lines) and tags[i + 1] == _TEXT and lines[i + 1][1][:1].islower())
            or text.rsplit(" ", 1)[-1].lower() in _MID_SENTENCE_ENDS
        ):
            continue  # inside a hard-wrapped paragraph: a title is at most three lines, and
            # does not stop at "the", "de", "el"
        if (
            _signs_type_line(lines, tags, i)
            or _opens_body(text)  # "QUESTION: Good morning." opening a transcript
            or _is_delivery_line(text)
            or _below_title(lines, tags, i)
            or not _plain_title_at(lines, tags, i, crumbs or set(), no_headings=no_headings)
        ):
            continue  # (below a title: its header, "Ambassador Kelly Craft" / "Permanent …")
        lines[i] = (number, "# " + line.strip())
        tags[i] = _HEADING_LINE
        # A title hard-wrapped over two or three lines: the lines right above it go with it.
        j = i - 1
        while j >= 0 and i - j <= 2 and tags[j] == _TEXT and _wrapped_title_part(lines[j][1]):
            lines[j] = (lines[j][0], "# " + lines[j][1].strip())
            tags[j] = _HEADING_LINE
            j -= 1


def _signs_type_line(lines: list[tuple[int, str]], tags: list[int], i: int) -> bool:
    """Whether line ``i`` is the signer right under a type line, itself under a title ("#
    Background Briefing …" / "Special Briefing" / "Senior State Department Official" /
    "Manila, Philippines"): a person or an office, not a release's title."""
    if i < 3 or tags[i - 1] != _TEXT or not _is_bare_kind(_inline(lines[i - 1][1])):
        return False
    k = _filled_before(tags, i - 1)
    if k < 0 or tags[k] != _HEADING_LINE:
        return False
    text = _inline(lines[i][1])
    return len(text.split()) <= 6 and (
        _is_office(text) or _has_title_words(text) or _is_person_name(text)
    )


def _below_title(lines: list[tuple[int, str]], tags: list[int], i: int) -> bool:
    """Whether a blank line is all that stands between line ``i`` and a title above it (a
    topic label such as "Ukraine" is none)."""
    if i < 2 or tags[i - 1] != _BLANK:
        return False
    words, k = 0, i - 2
    while k >= 0 and tags[k] == _HEADING_LINE:  # (a title wrapped over several lines)
        words += len(lines[k][1].split()) - 1
        k -= 1
    return words >= 3


# ReliefWeb's block under a repost's title: "Report" / "from UN Secretary-General" /
# "Published on 31 Jul 2019 View Original".
_SOURCE_LINE: Final = re.compile(r"^from [A-Z][^.!?]{2,60}$")
_FORMAT_LABEL: Final = re.compile(
    r"^(?:report|news and press release|press release|statement|format)$", re.I
)


_ITEM_MARKS: Final = re.compile(r"^[ ]*(?:[*•+-][ ]+)?(?:#{1,6}[ ]+)?")


def _promote_listed_titles(lines: list[tuple[int, str]], tags: list[int]) -> None:
    """In a plain dump, the lines that an "In this issue:" list names ("◢  Incidents in the
    Sea of Azov (November 25, 2018)") are the titles of its items further down."""
    listed: set[str] = set()
    for i, (_, line) in enumerate(lines):
        if tags[i] != _TEXT:
            continue
        text = _inline(line)
        if listed and text.casefold() in listed:
            lines[i], tags[i] = (lines[i][0], "# " + text), _HEADING_LINE
        elif _CONTENTS_LABEL.match(text):
            for k in range(i + 1, min(i + 20, len(lines))):
                if tags[k] == _TEXT and _BULLET_MARK.match(lines[k][1].strip()):
                    item = _BULLET_MARK.sub("", _inline(lines[k][1])).strip()
                    if len(item) >= 8:
                        listed.add(item.casefold())
                        lines[k], tags[k] = (lines[k][0], ""), _BLANK  # the list is chrome
                elif tags[k] == _TEXT:
                    break


_CONTENTS_LABEL: Final = re.compile(r"^(?:in this issue|dans ce num[ée]ro|sommaire)\s*:?$", re.I)


def _promote_repeated_titles(lines: list[tuple[int, str]], tags: list[int]) -> None:
    """A listing's item written twice, as its link and then as its title ("• Dominic Raab –
    2020 Comments on …" over "Dominic Raab – 2020 Comments on …"): the link marks where the
    item begins (a rule), the second is the item's title."""
    for i in range(len(lines) - 2):
        if tags[i] != _TEXT:
            continue
        j = i + 1 if tags[i + 1] != _BLANK else i + 2
        if tags[j] not in (_TEXT, _HEADING_LINE):
            continue
        text = _inline(lines[j][1]).strip()
        if len(text.split()) < 4 or _is_prose(text):
            continue
        if _inline(_ITEM_MARKS.sub("", lines[i][1])).strip() != text:
            continue
        lines[i], tags[i] = (lines[i][0], "---"), _RULE_LINE
        lines[j], tags[j] = (lines[j][0], "# " + text), _HEADING_LINE


def _promote_sourced_titles(lines: list[tuple[int, str]], tags: list[int]) -> None:
    """A plain line right above a repost's source block ("Report" / "from UN
    Secretary-General" / "Published on 31 Jul 2019") is the release's title."""
    for i, (_, line) in enumerate(lines):
        if tags[i] != _TEXT or not line.startswith("from ") or not _SOURCE_LINE.match(line):
            continue
        following = next((t for k, t in lines[i + 1 : i + 3] if t.strip()), "")
        if not following.lower().startswith(("published", "posted", "date")):
            continue
        j = i - 1
        while j >= 0 and (tags[j] == _BLANK or _FORMAT_LABEL.match(lines[j][1].strip())):
            j -= 1
        if j >= 0 and tags[j] == _TEXT and not _is_header_field(_inline(lines[j][1])):
            lines[j] = (lines[j][0], "# " + lines[j][1].strip())
            tags[j] = _HEADING_LINE


def _plain_title_at(
    lines: list[tuple[int, str]], tags: list[int], i: int, crumbs: set[int], *, no_headings: bool
) -> bool:
    """Whether the plain line ``i`` is a title: right below a breadcrumb (with headings about,
    only a title-like line with a header below it and no heading just under it), or, in a
    dump without headings, a short line that is no header line, followed by a header."""
    if not crumbs and not no_headings:
        return False  # the common case: a markdown page without a breadcrumb trail
    text = _inline(lines[i][1])
    n = len(lines)
    if (
        crumbs
        and _after_breadcrumb(lines, tags, i, crumbs)
        and not _is_header_field(text)
        and not _is_header_note(text)  # "(Traducción de cortesía. …)"
    ):
        if no_headings:
            return True
        if (
            len(text.split()) >= 4
            and _HEADING_LINE not in tags[i + 1 : i + 8]  # the title comes below
            and _header_follows(lines, tags, i + 1, n)
        ):
            return True
    return (
        no_headings
        and not _is_prose(text)
        and not _is_header_field(text)
        and not _is_bare_kind(text)  # "Remarks at the ..." is a title, "Remarks" is not
        and (not _is_header_like_chrome(text) or _type_line_follows(lines, tags, i + 1))
        and not _after_header_line(lines, tags, i)
        and _header_follows(lines, tags, i + 1, n)
        and not _masthead_pair(lines, tags, i)
    )


def _masthead_pair(lines: list[tuple[int, str]], tags: list[int], i: int) -> bool:
    """The page's first line with an organisation right under it and no date or type line after:
    a site's name and its organisation ("UNIC Dar es Salaam" / "United Nations Information
    Centre"), not a title and its byline."""
    if (
        i + 1 >= len(lines)
        or tags[i + 1] != _TEXT
        or _HEADING_LINE in tags[:i]
        or _TEXT in tags[:i]
    ):
        return False
    below = [_inline(lines[k][1]) for k in range(i + 1, min(len(lines), i + 8)) if tags[k] == _TEXT]
    return (_is_office(below[0]) or _has_venue_words(below[0])) and not any(
        _dateline(t) is not None or _kind_of_type_line(t) is not None for t in below[:4]
    )


_CRUMB_TRAIL: Final = re.compile(
    r"^[ ]*(?:you are here:?|vous [êe]tes ici ?:?|usted est[áa] aqu[íi]:?)?[ ]*(?:\S[^>›»\n]{0,40}"
    r"[ ]+[>›»][ ]+){1,}\S",
    re.I,
)


def _after_breadcrumb(
    lines: list[tuple[int, str]], tags: list[int], i: int, crumbs: set[int]
) -> bool:
    """Whether line ``i`` comes right after a breadcrumb trail ("Home > International >
    Foreign affairs"), a page label ("News story") maybe between: where pages put the title."""
    j, labels = i - 1, 0
    while j >= 0:
        if j in crumbs:
            return True
        line = lines[j][1].strip()
        if not line:
            j -= 1
            continue
        if tags[j] == _TEXT and _DOC_SYMBOL.match(_inline(line)):
            j -= 1  # a document symbol ("SC/8215") between the trail and the title
            continue
        if labels == 0 and tags[j] == _TEXT and _kind_of_type_line(_inline(line)) is not None:
            labels += 1
            j -= 1
            continue
        return False
    return False


def _join_wrapped_headings(lines: list[tuple[int, str]], tags: list[int]) -> None:
    """A heading hard-wrapped at 72 columns ("# Press Releases: Senior Bureau Official Alice
    Wells of the Bureau of" / "South and Central Asia Affairs To Deliver ..."): the lines
    right below a long heading, with no blank line between, continue it."""
    for i, (_, line) in enumerate(lines):
        if tags[i] != _HEADING_LINE or len(line) < 60 or _ends_sentence(line):
            continue
        level, heading = _heading_text(line)
        # "Press Releases: ... To Deliver Keynote" / "Speech at the Lake Roosevelt Forum": a
        # wrapped title with its prefix goes on even on a line that opens with a kind word.
        prefixed = bool(_CHANNEL_PREFIX.match(heading))
        j = i + 1
        while j < len(lines) and j - i <= 2 and tags[j] == _TEXT:
            part = lines[j][1].strip()
            plain = _inline(part)
            # A heading cut after "in", "of", "de" goes on whatever the next line looks like
            # ("… New U.S. Embassy in" / "Nouakchott, Mauritania").
            cut_short = heading.rsplit(" ", 1)[-1].lower() in _MID_SENTENCE_ENDS
            # A lone word closing a prefixed title ("… Fiscal Transparency" / "Report").
            last_word = prefixed and len(plain.split()) == 1 and not _is_bare_kind(plain)
            if not cut_short and (
                _is_header_field(plain)
                or (_is_header_note(plain) and not last_word)  # "image_pdfimage_print" debris
                or (_is_bare_kind(plain) if prefixed else _kind_of_type_line(plain) is not None)
                or (_is_person_name(plain) and not prefixed)  # "State Crisis" ends one
                or (_is_person_name(plain) and _title_line_follows(lines, tags, j + 1))
                or _is_prose(plain)
            ):
                break  # (a person over their title: "John J. Sullivan" / "Deputy Secretary …")
            lines[j] = (lines[j][0], "#" * level + " " + part)
            tags[j] = _HEADING_LINE
            if len(part) < 60 or _ends_sentence(part):
                break
            j += 1


def _title_line_follows(lines: list[tuple[int, str]], tags: list[int], j: int) -> bool:
    """Whether line ``j`` is a person's title ("Deputy Secretary of State")."""
    if j >= len(lines) or tags[j] != _TEXT:
        return False
    text = _inline(lines[j][1])
    return len(text.split()) <= 8 and _has_title_words(text) and not _is_prose(text)


def _wrapped_title_part(line: str) -> bool:
    text = _inline(line)
    return (
        20 <= len(text) <= 100
        and not _ends_sentence(text)
        and not _is_header_field(text)
        and not _is_chrome(line)
        and "|" not in text
    )


def _is_listing(heading: str) -> bool:
    # Cheap test first: the pattern ends with a year, and is tried at every character.
    return heading.rstrip()[-1:].isdigit() and bool(_LISTING.search(heading))


def _promote_bold_items(
    lines: list[tuple[int, str]], tags: list[int], candidates: list[int]
) -> None:
    """A listing's numbered item written in bold ("**1. Iran - Statement by ...**") is a
    heading, like its ``## 1. ...`` twin."""
    listing = any(
        _is_listing(_heading_text(lines[k][1])[1])
        for k, tag in enumerate(tags)
        if tag == _HEADING_LINE
    )
    for i in candidates:
        number, line = lines[i]
        stripped = line.strip()
        if not (listing or stripped.startswith("**")):
            continue
        bold = stripped.startswith("**") and stripped.endswith("**") and stripped[2:3].isdigit()
        plain = listing and stripped[:1].isdigit() and len(stripped) >= 40  # "1. United ..."
        if (bold or plain) and _NUMBERED_ITEM.match(_inline(stripped)):
            lines[i] = (number, "## " + stripped)
            tags[i] = _HEADING_LINE
    # A listing without headings whose items are bold titles each over a paragraph of prose
    # ("**Cuban Independence Day**" / "On Cuban Independence Day, I extend …"): two at least.
    if _HEADING_LINE in tags:
        return
    items = [i for i in candidates if _bold_item_title(lines, tags, i)]
    if len(items) >= 2:
        for i in items:
            lines[i] = (lines[i][0], "# " + lines[i][1].strip())
            tags[i] = _HEADING_LINE
            if i != items[0]:  # each item is a release of its own (a title below a rule)
                lines[i - 1], tags[i - 1] = (lines[i - 1][0], "---"), _RULE_LINE


def _bold_item_title(lines: list[tuple[int, str]], tags: list[int], i: int) -> bool:
    """A bold line on its own, no sentence, with a paragraph of prose right below it."""
    match = _BOLD_LINE.match(lines[i][1])
    if match is None or _ends_with_mark(match.group(1)) or match.group(1).endswith(":"):
        return False
    if i > 0 and tags[i - 1] == _TEXT:
        return False
    k = _filled_after(tags, i + 1)
    return (
        k < len(lines)
        and tags[k] == _TEXT
        and len(lines[k][1]) > 150
        and _is_prose(_inline(lines[k][1]))
    )


def _after_header_line(lines: list[tuple[int, str]], tags: list[int], i: int) -> bool:
    """Whether the text line before ``i`` is a header line (then ``i`` is one too: a title)."""
    j = _filled_before(tags, i)
    if j < 0 or tags[j] != _TEXT or i - j > 2:
        return False  # nothing, or a site's name far above with chrome between
    before = _inline(lines[j][1])
    if _kind_of_type_line(before) is not None:
        return False  # a page label above the title ("News story")
    return (
        _is_strong_header(before)
        or (_is_person_name(before) and len(before.split()) <= 4)
        or (len(before.split()) <= 6 and _has_title_words(before))
    )


def _promote_titles_below_rules(
    lines: list[tuple[int, str]], tags: list[int], candidates: list[int]
) -> None:
    """A plain title below a rule with a type line under it (a print view whose other titles
    carry the channel prefix, a dump of pages one after the other) is a heading."""
    for i in candidates:
        if tags[i] != _TEXT or not _after_rule(tags, i):
            continue
        text = _inline(lines[i][1])
        if (
            _type_line_follows(lines, tags, i + 1)
            and not _is_prose(text)
            and not _is_header_field(text)
            and len(text.split()) >= 2
            and " · " not in text  # a site's line ("gub.uy · Ministerio de …")
            and " | " not in text
        ):
            lines[i], tags[i] = (lines[i][0], "# " + lines[i][1].strip()), _HEADING_LINE


def _after_rule(tags: list[int], i: int) -> bool:
    """Whether the line before ``i``, blank lines aside, is a rule."""
    j = _filled_before(tags, i)
    return j >= 0 and tags[j] == _RULE_LINE


def _type_line_follows(lines: list[tuple[int, str]], tags: list[int], j: int) -> bool:
    """Whether the next text line from ``j`` is a type line ("Mongolia National Day" over
    "Press Statement" is a title, though it reads like a name)."""
    j = _filled_after(tags, j)
    if j >= len(lines) or tags[j] != _TEXT:
        return False
    match = _TYPE_LINE.match(_inline(lines[j][1]))
    return match is not None and match.group("tail") is None


def _is_header_like_chrome(text: str) -> bool:
    """A person's name or a short label: never a title, even with a header below it."""
    return _is_person_name(text) or len(text) < 8


def _tag_footer(lines: list[tuple[int, str]], tags: list[int], i: int) -> None:
    """Tag the footer that starts at or just before line ``i`` with the rest of its block."""
    start = i
    while start > 0 and tags[start - 1] == _TEXT and i - start < 3:
        start -= 1
    end = i + 1
    while end < len(tags) and tags[end] == _TEXT:
        end += 1
    for k in range(start, i + 1):
        if _FOOTER_OPENING.match(" ".join(line for _, line in lines[k:end])):
            tags[k:end] = [_FOOTER_LINE] * (end - k)
            return


def parse_document(text: str) -> list[ParsedRelease | RejectedRelease]:
    """Split a dump into releases and parse each; never raises."""
    lines = _normalized_lines(text)
    pages, loose = _page_breaks(lines)
    tags, menus = _tag_lines(lines)
    # A rule right above a site's own menu opens the next page ("* * *" / "ReliefWeb" / menu):
    # a loose page rule too.
    menu_rules = {
        r
        for m in menus
        for r in _filled_lines_above(tags, m, 2)
        if tags[r] == _RULE_LINE and _only_masthead_between(lines, tags, r, m)
    }.difference(pages)
    if menu_rules:
        pages, loose = sorted({*pages, *menu_rules}), loose | menu_rules
    breaks = _line_spans(text)
    try:
        chunks = _split_pages(_split(lines, tags), pages, tags, _LoosePages(lines, loose))
    except Exception:  # noqa: BLE001 - a splitter bug must not lose the dump: parse it whole
        chunks = [(0, len(lines))] if _has_content(tags, 0, len(lines)) else []
    results = [
        _parse_safely(lines, tags, a, b, text=text, breaks=breaks, menus=menus) for a, b in chunks
    ]
    if len(results) < 2 or not any(isinstance(r, ParsedRelease) for r in results):
        return results
    # A rejected "release" made only of page chrome (a lone heading, link lists) is dropped
    # when the page has a real release; one with header lines (type, byline, date) stays,
    # unless it holds no sentence of more than three words and runs straight into a release
    # of the same page: the site's header block above the title ("17 October 2017" /
    # "Moscow: 12:32" / "Consular queries:").
    kept = [
        r
        for k, (r, (a, b)) in enumerate(zip(results, chunks, strict=True))
        if isinstance(r, ParsedRelease)
        or (
            _has_substance(lines, tags, a, b)
            and not (
                k + 1 < len(chunks)
                and chunks[k + 1][0] == b
                and isinstance(results[k + 1], ParsedRelease)
                and not _has_prose(lines, tags, a, b, min_words=4)
            )
        )
    ]
    return _dated_translations(_shared_header(kept))


def _page_breaks(lines: list[tuple[int, str]]) -> tuple[list[int], set[int]]:
    """Rules between two web pages saved one after the other, and which of them are loose.

    A rule followed by the first line of the dump again (the site's masthead: "ReliefWeb" /
    … / "=====" / "ReliefWeb"), or by one of the two lines under a skip link opening the dump
    ("[Skip to main content](#main-content)" / … / "**ReliefWeb** · …"), parts two pages; a
    plain masthead is blanked in ``lines`` on every page (a heading may be a section label,
    and stays). A standalone rule of "=" (no setext underline), or a long one of "*" or "_",
    and any rule right under a copyright line
    may part two pages whatever their mastheads ("Yuma News Now" / … / "=====" / "WIRE NN"):
    these are loose rules, which :class:`_LoosePages` decides on once the lines are tagged (a
    site's header above its release is ruled off the same way).
    """
    # (only a line opening with a rule's character, or a space, can be one: a cheap test first)
    ruled = [
        i for i, (_, line) in enumerate(lines) if line[:1] in _RULE_OPENERS and _RULE.match(line)
    ]
    loose = {
        i
        for i in ruled
        if i
        and (
            (_PAGE_RULE.match(lines[i][1]) and not _setext_underline(lines[i - 1][1], lines[i][1]))
            or _after_copyright(lines, i)
        )
    }
    # A listing's teasers, each ending in its "Read more »" link: every teaser followed by
    # another is a release of its own (the link line is where they part).
    teasers = _teaser_ends(lines)
    # The site's masthead: the dump's first line, or one of its first three under a skip link
    # ("[Skip to main content](#main-content)" / … / "**ReliefWeb** · Informing …").
    filled = list(itertools.islice((i for i, (_, line) in enumerate(lines) if line.strip()), 3))
    if not filled or len(lines[filled[0]][1].strip()) > 80:
        return sorted(loose.union(teasers)), loose
    tops = {lines[filled[0]][1].strip(): filled[0]}
    if _SKIP_LINK.match(lines[filled[0]][1]):
        tops.update((lines[i][1].strip(), i) for i in filled[1:] if len(lines[i][1]) <= 120)
    rules: list[int] = []
    mastheads: set[int] = set()
    for i in ruled:
        if i > filled[0]:
            j = i + 1
            while j < len(lines) and not lines[j][1].strip():
                j += 1
            if j < len(lines) and (top := tops.get(lines[j][1].strip(), i)) < i:
                rules.append(i)
                mastheads.update((top, j))
    for j in mastheads:
        if not lines[j][1].lstrip().startswith("#"):
            lines[j] = (lines[j][0], "")
    return sorted(loose.union(rules, teasers)), loose.difference(rules)


_SKIP_LINK: Final = re.compile(r"^\[?(?:skip to|aller au|ir al) (?:main )?content", re.I)


# "Written by Our Correspondent", "Posted by …": a news site's byline, no title.
_WRITTEN_BY: Final = re.compile(r"^(?:written|posted|published|reported) by\b", re.I)
# "Read more »", "Leer más »", "Lire la suite": a listing's link to the whole release.
_READ_MORE: Final = re.compile(
    r"^[ *_\[]*(?:read more|leer m(?:á|a|&aacute;)s|lire la suite|en savoir plus|"
    r"continue reading|seguir leyendo)(?:[ ]*(?:»|›|&raquo;|&rsaquo;))?[ \]*_]*"
    r"(?:\([^)\n]*\))?[ ]*"
    r"(?:»|›|&raquo;|&rsaquo;|>|…|\.\.\.)?[ ]*$",
    re.I,
)


def _teaser_ends(lines: list[tuple[int, str]]) -> set[int]:
    """The "Read more" lines of a listing that another teaser follows: a sentence or a
    headline's heading, perhaps after a rule (a listing's last link, or one before the pager,
    parts nothing). A listing
    has two such links at least: one alone ("En savoir plus" over a section) parts nothing."""
    ends = set()
    links = 0
    for i, (_, line) in enumerate(lines):
        if not line or line.lstrip()[:1] not in "RrLlCcSsEe*_[" or not _READ_MORE.match(line):
            continue
        links += 1
        k = i + 1
        while k < len(lines) and (not lines[k][1].strip() or _RULE.match(lines[k][1])):
            k += 1
        if k < len(lines) and (
            (len(text := lines[k][1].strip()) >= 60 and _ends_sentence(text))
            # the next teaser's headline ("### Statement by …")
            or ((heading := _HEADING.match(text)) is not None and bool(heading.group(2)))
        ):
            ends.add(i)
    return ends if links >= 2 else set()


_PAGE_RULE: Final = re.compile(r"^ {0,3}(?:={5,}|\*{10,}|_{10,})[ \t]*$")
_RULE_OPENERS: Final = frozenset("-*_= ")


def _filled_lines_above(tags: list[int], i: int, count: int) -> list[int]:
    """The ``count`` lines that are not blank right above line ``i`` (blank lines between
    them do not count: a dump with extra blank lines), looked for over twelve lines at most
    (a dump of blanked menu rows would cost its length squared)."""
    found: list[int] = []
    k = i - 1
    while k >= max(0, i - 12) and len(found) < count:
        if tags[k] != _BLANK:
            found.append(k)
        k -= 1
    return found


def _only_masthead_between(
    lines: list[tuple[int, str]], tags: list[int], rule: int, menu: int
) -> bool:
    """Whether nothing but a site's name (one short line, no sentence) stands between a rule
    and the menu under it."""
    filled = [k for k in range(rule + 1, menu) if tags[k] != _BLANK]
    return len(filled) <= 1 and all(
        len(text := _inline(lines[k][1])) <= 60 and not _ends_sentence(text) for k in filled
    )


def _after_copyright(lines: list[tuple[int, str]], i: int) -> bool:
    """Whether the rule at ``i`` stands right under a page's copyright line ("© Lobby
    Magazine" / "* * *"): what follows is another page."""
    k = i - 1
    while k >= 0 and not lines[k][1].strip():
        k -= 1
    return k >= 0 and _COPYRIGHT_LINE.search(lines[k][1]) is not None


# "© Lobby Magazine", "(c) STL.News - All rights reserved", "Copyright 2019 …": a page's
# copyright line (not "(c) to strengthen …" in a list, nor a sentence on copyright).
_COPYRIGHT_LINE: Final = re.compile(
    r"^\W{0,3}(?:©|copyright\W+(?:©|\(c\)|\d{4}))|all rights reserved\W*$", re.I
)


def _setext_underline(above: str, rule: str) -> bool:
    """Whether a rule of "=" underlines the line above it (a setext heading, drawn to the
    heading's length), rather than standing under a blank line or a shorter menu row."""
    above = above.strip()
    return bool(above) and not _RULE.match(above) and abs(len(rule.strip()) - len(above)) <= 2


class _LoosePages:
    """The loose page rules of :func:`_page_breaks`, with the lines to read around them."""

    __slots__ = ("_prose", "lines", "rules")

    def __init__(self, lines: list[tuple[int, str]], rules: set[int]) -> None:
        self.lines, self.rules = lines, rules
        self._prose: list[int] = []  # prose lines before each line, counted once

    def has_prose(self, tags: list[int], start: int, end: int) -> bool:
        """:func:`_has_prose`, answered from prose lines counted once for the whole dump."""
        if not self._prose:
            count = 0
            for k, tag in enumerate(tags):
                self._prose.append(count)
                count += tag == _TEXT and _is_prose(_inline(self.lines[k][1]))
            self._prose.append(count)
        return self._prose[end] > self._prose[start]

    def parts(self, tags: list[int], rule: int, start: int, end: int) -> bool:
        """Whether ``rule`` parts lines ``start:end`` into two pages: each side holds a
        sentence, and what follows the rule opens a page (a masthead, a title, a news site's
        dateline), not more of the same text ("=====" / "Notes to editors: The …")."""
        if rule not in self.rules:
            return True
        if not (self.has_prose(tags, start, rule) and self.has_prose(tags, rule, end)):
            return False
        first = _filled_after(tags, rule + 1, end)
        if first - rule > _CHROME_GAP:
            return True  # the next page's masthead and menu, blanked as chrome, stood there
        text = _inline(self.lines[first][1]) if first < end else ""
        return tags[first] != _TEXT or not _is_prose(text) or _opens_body(text)


# More blank lines than this under a loose page rule: chrome (a masthead, a menu) was there.
_CHROME_GAP: Final = 3


def _split_pages(
    chunks: list[tuple[int, int]], pages: list[int], tags: list[int], loose: _LoosePages
) -> list[tuple[int, int]]:
    """The chunks cut again at page breaks: a release never runs from one page into the
    next."""
    for rule in pages:
        for k, (a, b) in enumerate(chunks):
            if (
                a < rule < b - 1
                and _has_content(tags, a, rule)
                and _has_content(tags, rule, b)
                and loose.parts(tags, rule, a, b)
            ):
                chunks[k : k + 1] = [(a, rule), (rule + 1, b)]
                break
    # Pages with no heading before the first page that has one: the splitter saw no release
    # starting there, but each is one ("TRIPFOUMI" / text / rule / "TRIPFOUMI" / "# …").
    first = chunks[0][0] if chunks else 0
    bounds = [-1, *(rule for rule in pages if rule < first)]
    chunks[0:0] = [
        (a + 1, b)
        for a, b in itertools.pairwise(bounds)
        if _has_text_paragraph(tags, a + 1, b)
        and (b not in loose.rules or loose.has_prose(tags, a + 1, b))
    ]
    return chunks


def _has_text_paragraph(tags: list[int], start: int, end: int) -> bool:
    """Whether lines ``start:end`` hold text that is no heading: a page's own release."""
    return any(tags[i] == _TEXT for i in range(start, end))


def _dated_translations(
    results: list[ParsedRelease | RejectedRelease],
) -> list[ParsedRelease | RejectedRelease]:
    """A release in another language right after a dated one, with no date of its own (the
    French version below a UN statement), carries the date of the release it translates."""
    out = results[:1]
    for previous, r in itertools.pairwise(results):
        if (
            isinstance(r, ParsedRelease)
            and isinstance(previous, ParsedRelease)
            and r.content.date is None
            and previous.content.date is not None
            and r.content.language is not None
            and previous.content.language not in (None, r.content.language)
        ):
            content = msgspec.structs.replace(r.content, date=previous.content.date)
            note = Problem(
                message="date taken from the release it translates", line=r.start_line, field="date"
            )
            warnings = (*(w for w in r.warnings if w.field != "date"), note)
            r = msgspec.structs.replace(r, content=content, warnings=warnings)  # noqa: PLW2901
        out.append(r)
    return out


_TITLE_DATE: Final = "date taken from the title"


def _shared_header(
    results: list[ParsedRelease | RejectedRelease],
) -> list[ParsedRelease | RejectedRelease]:
    """A daily briefing's front matter ("Statements made by the Ministry …" / "Paris -
    November 26, 2018" / "In this issue:") is no release: its place and date are its items'
    (the briefing's date, not an event's in an item's title)."""
    head = results[0]
    if len(results) < 2 or not isinstance(head, ParsedRelease) or len(head.content.body) > 1:
        return results
    raw = head.raw.splitlines()
    label = next((k for k, line in enumerate(raw) if _CONTENTS_LABEL.match(line.strip())), None)
    title_at = next((k for k, line in enumerate(raw) if head.content.title[:20] in line), None)
    if label is None or title_at is None or title_at > label:
        return results  # no contents list, or the release's own title below it
    shared: list[ParsedRelease | RejectedRelease] = []
    for r in results[1:]:
        if isinstance(r, ParsedRelease) and (
            r.content.date is None or any(w.message == _TITLE_DATE for w in r.warnings)
        ):
            content = msgspec.structs.replace(
                r.content, date=head.content.date, place=r.content.place or head.content.place
            )
            r = msgspec.structs.replace(r, content=content)  # noqa: PLW2901
        shared.append(r)
    return shared


def _has_substance(lines: list[tuple[int, str]], tags: list[int], start: int, end: int) -> bool:
    """Whether a chunk holds a sentence or a release header line, not only page chrome."""
    strong = 0
    for k in range(start, end):
        if tags[k] == _TEXT:
            text = _inline(lines[k][1])
            if _is_prose(text) and not _is_menu_item(text):  # "* Travel" is a menu's
                return True
            strong += _is_strong_header(text)
    return strong >= 2  # a lone page label ("Speech") under a site heading is chrome


def parse_release(text: str) -> ParsedRelease | RejectedRelease:
    """Parse ``text`` as one release (footers and surrounding rules dropped); never raises."""
    lines = _normalized_lines(text)
    tags, menus = _tag_lines(lines)
    return _parse_safely(
        lines, tags, 0, len(lines), text=text, breaks=_line_spans(text), menus=menus
    )
