#!/usr/bin/env python3
"""Writes the small bundled demo share of the fictive "Vesterby Kommune" to corpus/demo/.

    python3 corpus/make_demo.py [--out corpus/demo]

Hand-written Danish files; every number is built here from fixed digits (so the script is deterministic) and
checked against the CPR rules before anything is written.  Also writes demo/EXPECTED.md from the same data, so
the description of what a scan should find never drifts from the files.  All persons are fictive.
"""
import argparse
import datetime
import os
import random
import shutil
import sys
import zipfile
import io

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import birth_date, cpr_shape, encode, is_exception_date, masked, mod11_ok, WEIGHTS  # noqa: E402
import documents  # noqa: E402

MTIME = 1_700_000_000          # 14.11.2023: a fixed mtime for every demo file


def iso(t):
    return datetime.datetime.fromtimestamp(int(t), tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def complete(nine: str, valid: bool = True) -> str:
    """Append the last digit so the number passes (or, valid=False, fails) modulus 11."""
    s = sum(w * int(x) for w, x in zip(WEIGHTS, nine))
    for last in range(10):
        if ((s + last) % 11 == 0) == valid:
            return nine + str(last)
    raise ValueError(f"no check digit for {nine}")


def cpr(nine, valid=True):
    d = complete(nine, valid)
    assert birth_date(d) is not None, d
    return d


def dash(d):
    return d[:6] + "-" + d[6:]


# ---- the numbers (positives first, then decoys) ----------------------------------------------------------------
P_NOTE = cpr("150372112")             # case note, keyword
P_LETTER = cpr("030485224")           # cp1252 letter, keyword
P_EXPORT = [cpr("210967041"), cpr("081201440"), cpr("290556172")]  # UTF-16LE export
P_HTML = cpr("120988362")             # HTML body
D_SCRIPT = cpr("110279310")           # HTML <script> decoy (valid-looking)
P_CLASS = [cpr(x) for x in ["0304144", "1911134", "2505144", "0708134", "1412134", "3001144", "1609134",
                            "0202144"] for x in [x + "10"]]
P_REPL = cpr("670790137")             # replacement number (day 07 + 60)
P_EXC = complete("010185300", valid=False)       # 1 January 1985, fails mod-11: an issued CPR shape
P_FAILKW = complete("141063270", valid=False)    # fails mod-11, ordinary date: only with a keyword
P_CARE = cpr("240338081")             # care journal: CPR and health terms in one file (critical)
D_INVOICE = [cpr("170381034"), cpr("050692217"), cpr("230745118"), cpr("310158205")]
D_PNR = cpr("220866119")
D_ORDER = cpr("060677301")
P_DOCX = cpr("120579238")             # DOCX decision: the applicant (body, split over two runs, and the header)
P_DOCX_KIDS = [cpr("030711448"), cpr("190914453")]   # DOCX table of household members
P_PDF = cpr("280262119")              # PDF, page 2
TS = ["1609459200", "1609462861", "1609466402"]  # Unix timestamps; the first decodes as 16-09-1945 + mod-11

assert all(mod11_ok(d) for d in [P_NOTE, P_LETTER, P_HTML, D_SCRIPT, P_REPL, *P_EXPORT, *P_CLASS])
assert cpr_shape(P_EXC) and not mod11_ok(P_EXC) and is_exception_date(birth_date(P_EXC)[0])
assert birth_date(P_FAILKW) and not mod11_ok(P_FAILKW) and not cpr_shape(P_FAILKW)
assert cpr_shape(P_REPL) == "cpr-replacement"
assert cpr_shape(TS[0]) == "cpr"
ALL = [P_DOCX, P_PDF, *P_DOCX_KIDS, P_NOTE, P_LETTER, P_HTML, D_SCRIPT, P_REPL, P_EXC, P_FAILKW, D_PNR, D_ORDER, P_CARE, *P_EXPORT, *P_CLASS,
       *D_INVOICE]
assert mod11_ok(P_CARE)
assert len(set(ALL)) == len(ALL)

FILES = {}   # relative path -> (text, encoding)
EXPECT = []  # (relative path, description)

FILES["Borgerservice/Journalnotat_henvendelse.txt"] = (f"""Vesterby Kommune, Borgerservice
Journalnotat

Sagsnr.: 2024-01873
Dato: 12.03.2024
Sagsbehandler: Søren Ærø Østergård

Borgeren Karen Højer Nielsen, CPR-nr.: {dash(P_NOTE)}, henvendte sig personligt i Borgerservice
angående ansøgning om boligstøtte til lejligheden på Østergade 14, 2. tv., 7100 Vejle.

Borgeren oplyser, at husstanden består af hende selv og to børn, og at den månedlige husleje er
6.450,00 kr. Der er vejledt om, at ansøgningen skal indgives digitalt, og borgeren fik hjælp til
at udfylde den på stedet. Lejekontrakt og lønsedler for de seneste tre måneder blev uploadet.

Borgeren kan kontaktes på +45 23 45 67 89 på hverdage mellem kl. 9 og 12.

Næste skridt: sagen sendes til Udbetaling Danmark, og borgeren orienteres via Digital Post.
""", "utf-8")
EXPECT.append(("Borgerservice/Journalnotat_henvendelse.txt",
               f"1 CPR `{masked(P_NOTE)}` after the keyword `CPR-nr.:` (UTF-8)."))

FILES["Borgerservice/Brev_fra_borger.txt"] = (f"""Til Vesterby Kommune
Borgerservice
Rådhuspladsen 1
7100 Vejle

Vejle, den 4. februar 2024

Vedr. ansøgning om hjælp til tandbehandling

Jeg skriver til jer, fordi jeg har fået et overslag fra min tandlæge på 8.900,00 kr., som jeg
ikke selv kan betale. Jeg modtager førtidspension og har ingen opsparing.

Mit personnummer er {dash(P_LETTER)}, og jeg bor på Skovbrynet 3, 7100 Vejle.

Jeg håber, at I vil se på min ansøgning hurtigst muligt, da tandlægen gerne vil gå i gang før
påske. I er velkomne til at ringe til mig på 41 22 33 05.

Med venlig hilsen
Bjørn Kjærgaard
""", "cp1252")
EXPECT.append(("Borgerservice/Brev_fra_borger.txt",
               f"1 CPR `{masked(P_LETTER)}` after the keyword `personnummer`. The file is windows-1252 "
               "(æ/ø/å as single bytes, not valid UTF-8); the scanner must decode it as cp1252."))

rows = ["Sagsnr;Navn;Adresse;Postnr;By;CPR-nr.;Oprettet",
        f"2024-00112;Åse Mølgaard;Kærvej 17;7100;Vejle;{dash(P_EXPORT[0])};08.01.2024",
        f"2024-00187;Frederik Bøgh Sørensen;Ågade 4;7120;Vejle Øst;{P_EXPORT[1]};15.01.2024",
        f"2024-00203;Inge Lund Jæger;Møllevej 88;7100;Vejle;{dash(P_EXPORT[2])};22.01.2024"]
FILES["Borgerservice/Udtræk_borgere.csv"] = ("\r\n".join(rows) + "\r\n", "utf-16le")
EXPECT.append(("Borgerservice/Udtræk_borgere.csv",
               f"3 CPRs `{masked(P_EXPORT[0])}`, `{masked(P_EXPORT[1])}` (written without hyphen), "
               f"`{masked(P_EXPORT[2])}`. The file is UTF-16LE with a BOM (an Excel \"Unicode text\" export)."))

FILES["Borgerservice/Selvbetjening.html"] = (f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>Vesterby Kommune &ndash; Min side</title>
<style>
body {{ font-family: Arial, sans-serif; max-width: 880px; margin: 0 auto; }}
.kvittering {{ border: 1px solid #bbb; padding: 10px; }}
</style>
<script>
// test data left behind by the supplier: inside a script, never shown to the user
var testBorger = "{dash(D_SCRIPT)}";
function vis() {{ document.body.classList.add("klar"); }}
</script>
</head>
<body onload="vis()">
<h1>Kvittering for din ans&oslash;gning</h1>
<p class="kvittering">Vi har modtaget din ans&oslash;gning om <b>friplads i daginstitution</b>.
Ans&oslash;ger: Mette Fr&oslash;lund, CPR-nr.: {dash(P_HTML)}.</p>
<p>Du f&aring;r svar inden for 4 uger. Sp&oslash;rgsm&aring;l &amp; klager kan rettes til
Pladsanvisningen p&aring; telefon 76 81 00 00 &#8211; vi sidder klar p&aring; hverdage.</p>
<p>Med venlig hilsen<br>Vesterby Kommune &middot; R&aring;dhuspladsen 1 &middot; 7100 Vejle</p>
</body>
</html>
""", "utf-8")
EXPECT.append(("Borgerservice/Selvbetjening.html",
               f"1 CPR `{masked(P_HTML)}` in the body text (keyword `CPR-nr.:`). The number "
               f"`{masked(D_SCRIPT)}` inside `<script>` is a decoy and must NOT be reported (script and style "
               "are not document text). Entities such as `&oslash;` and `&amp;` must be decoded."))

names = ["Noah Østergaard", "Freja Kjær", "Oliver Brøndum", "Ida Sørensen", "Emil Hvidkjær", "Sofie Damgaard",
         "Aksel Nørgaard", "Maja Frølund"]
FILES["Skole/Elevliste_4A.csv"] = ("Navn;CPR-nr.;Klasse\n" + "".join(
    f"{n};{dash(d)};4.A\n" for n, d in zip(names, P_CLASS)), "utf-8")
EXPECT.append(("Skole/Elevliste_4A.csv",
               f"{len(P_CLASS)} CPRs, one per pupil: " + ", ".join(f"`{masked(d)}`" for d in P_CLASS) + "."))

FILES["Jobcenter/Sagsnotat_erstatningsnummer.txt"] = (f"""Vesterby Kommune, Jobcenter
Sagsnotat

Borgeren er udenlandsk statsborger og er endnu ikke registreret i folkeregistret. Til brug for
sagsbehandlingen er der tildelt et midlertidigt nummer:

Erstatningspersonnummer: {dash(P_REPL)}

Borgeren deltager i danskundervisning tre dage om ugen og har været til samtale den 02.05.2024.
Næste samtale er planlagt til tirsdag den 28.05.2024 kl. 10.00.
""", "utf-8")
EXPECT.append(("Jobcenter/Sagsnotat_erstatningsnummer.txt",
               f"1 replacement number (kind `cpr-replacement`) `{masked(P_REPL)}`: day 07 + 60 = 67, after "
               "`Erstatningspersonnummer:`."))

FILES["Jobcenter/Samtalereferat.txt"] = (f"""Vesterby Kommune, Jobcenter
Samtalereferat fra opfølgningssamtale

Til stede: Lars Holm Pedersen (borger) og Hanne Vestergaard (rådgiver).

Lars Holm Pedersen {dash(P_EXC)} fortalte, at praktikken hos tømrerfirmaet er gået godt, og at
virksomheden overvejer at tilbyde ham et løntilskudsjob fra 1. august. Rådgiveren bakker op om
planen og sender en ansøgning om løntilskud inden for to uger. Der er aftalt ny samtale i juni.

Ægtefællen deltog kort i samtalen for at høre om mulighederne for barsel. Ægtefællen er
oprettet manuelt i fagsystemet med CPR-nummer: {dash(P_FAILKW)} og skal henvises til Borgerservice.
""", "utf-8-bom")
EXPECT.append(("Jobcenter/Samtalereferat.txt",
               f"2 CPRs. `{masked(P_EXC)}` has no keyword and fails modulus 11, but 1 January 1985 is one of "
               "the dates CPR-kontoret has issued such numbers for, so it is a CPR. "
               f"`{masked(P_FAILKW)}` fails modulus 11 on an ordinary date and is found because the keyword "
               "`CPR-nummer:` stands directly before it. (UTF-8 with BOM.)"))

FILES["Økonomi/Fakturaer_2024.csv"] = ("Fakturanr;Kundenr;Beløb;Forfaldsdato\r\n" + "".join(
    f"{a};{b};{c};{e}\r\n" for a, b, c, e in [
        (D_INVOICE[0], "4417", "12.500,00", "15.02.2024"),
        (D_INVOICE[1], "4417", "3.275,50", "29.02.2024"),
        (D_INVOICE[2], "5102", "880,00", "15.03.2024"),
        (D_INVOICE[3], "6630", "41.000,00", "31.03.2024")]), "utf-8")
EXPECT.append(("Økonomi/Fakturaer_2024.csv",
               "No findings. The invoice numbers " + ", ".join(f"`{masked(d)}`" for d in D_INVOICE) +
               " look like valid CPRs (real dates, pass modulus 11) but sit in a `Fakturanr` column of an invoice "
               "table with no CPR keyword anywhere: decoys."))

FILES["Økonomi/Rykker.txt"] = (f"""Vesterby Kommune, Økonomi
Rykker for manglende betaling

Vi har endnu ikke modtaget betaling for nedenstående, som forfaldt den 15.02.2024.

Ordrenummer: {D_ORDER}
Beløb: 12.500,00 kr.

Leverandøren er registreret med CVR 29189641 og P-nr.: {D_PNR}.

Beløbet bedes indbetalt inden 10 dage. Ved spørgsmål kontakt Økonomi på 76 81 12 00.
""", "utf-8")
EXPECT.append(("Økonomi/Rykker.txt",
               f"No findings. `{masked(D_ORDER)}` follows `Ordrenummer:` and `{masked(D_PNR)}` follows `P-nr.:`; "
               "both look like valid CPRs but are an order number and a production-unit number."))

FILES["Teknik/Logs/selvbetjening.log"] = ("".join(
    f"{iso(t)} INFO selvbetjening[4312]: msg=\"Login gennemført\" ip=10.20.30.{40 + i} "
    f"duration_ms={120 + 17 * i} timestamp={t}\n" for i, t in enumerate(TS)) +
    f'{{"ts": {TS[0]}, "level": "info", "svc": "sso", "msg": "Session oprettet"}}\n', "utf-8")
EXPECT.append(("Teknik/Logs/selvbetjening.log",
               "No findings. `timestamp=` and `\"ts\":` values are Unix times; the first one (1 January 2021, "
               "00:00 UTC) even decodes as 16-09-1945 and passes modulus 11, but it is a timestamp. (Not written "
               "out here: this file lies inside the scanned tree.)"))

FILES["Fælles/Referater/Referat_ledermøde.txt"] = ("""Vesterby Kommune
Referat af ledermøde torsdag den 7. marts 2024 kl. 9.00-11.00

Deltagere: Kommunaldirektør, direktører for Børn & Unge, Social & Sundhed samt Teknik & Miljø.

1. Budgetopfølgning
   Forventet mindreforbrug på 2,4 mio. kr. i Teknik & Miljø. Udvalget orienteres i april.

2. Arbejdsmiljø
   Sygefraværet er faldet til 4,1 %. Trivselsmålingen gennemføres i uge 38.

3. Digitalisering
   Den nye selvbetjeningsløsning går i drift 1. juni. Borgerservice holder åbent hus 28.05.2024.

4. Eventuelt
   Intet.
""", "utf-8")
EXPECT.append(("Fælles/Referater/Referat_ledermøde.txt", "No findings: meeting minutes without personal data."))

FILES["Ældreplejen/Journalnotat_hjemmebesøg.txt"] = (f"""Vesterby Kommune, Ældreplejen
Journalnotat efter hjemmebesøg

Borger: Inger Kjær Mølgaard, CPR-nr.: {dash(P_CARE)}
Besøg: 14.05.2024 kl. 10.30, sygeplejerske Tove Lund

Borgeren har type 2-diabetes og får insulin morgen og aften. Der er konstateret begyndende
demens, og egen læge har ordineret antidepressiva efter en periode med depression i vinter.
Blodsukkeret var 9,4 ved besøget. Datteren er informeret og deltager i næste besøg.
""", "utf-8")
EXPECT.append(("Ældreplejen/Journalnotat_hjemmebesøg.txt",
               f"1 CPR `{masked(P_CARE)}` and 1 `health` finding (a diagnosis, a medicine, a mental illness, "
               "blood sugar: six entries of health.txt) in the same file: both findings have severity `critical`."))

FILES["HR/Personalesag_ansættelse.txt"] = ("""Vesterby Kommune, HR
Notat til personalesagen

Medarbejderen er ansat som pædagog i Solsikken pr. 1. august 2024. Børneattest og straffeattest er
indhentet før ansættelsen; straffeattesten viser en betinget dom fra 2019 for spirituskørsel, som
lederen har drøftet med medarbejderen. Medarbejderen er tillidsrepræsentant for BUPL i institutionen.
""", "utf-8")
EXPECT.append(("HR/Personalesag_ansættelse.txt",
               "1 `criminal` finding (two kinds of criminal-record certificate, a suspended sentence, a drink-driving "
               "offence) and 1 `union` finding (a shop steward, and a union's acronym next to a person reference); "
               "no CPR, so severity `medium`."))

FILES["Fælles/Nyhedsbrev_privatliv.txt"] = ("""Vesterby Kommune, nyhedsbrev uge 21

Kommunens nye domæne vesterby.dk er taget i brug. Indsatsen er sigtet mod de ældre borgere, der
ikke bruger Digital Post. Mødet om arbejdsmiljø afholdes hos FOA i Vejle, og tilmelding sker til HR.

Om behandling af personoplysninger (databeskyttelsesforordningens artikel 9, stk. 1): Behandling af
personoplysninger om race eller etnisk oprindelse, politisk, religiøs eller filosofisk overbevisning
eller fagforeningsmæssigt tilhørsforhold samt behandling af genetiske data, biometriske data med det
formål entydigt at identificere en fysisk person, helbredsoplysninger eller oplysninger om en fysisk
persons seksuelle forhold eller seksuelle orientering er forbudt.
""", "utf-8")
EXPECT.append(("Fælles/Nyhedsbrev_privatliv.txt",
               "No findings. Decoys for the special categories: a web domain (a word containing a shorter term), "
               "\"aimed at\" written with the Danish word for \"charged\", a union's acronym with no person nearby, "
               "and the GDPR art. 9 wording of a privacy notice, which names every category but says nothing about "
               "anyone."))

FILES["Fælles/Ny tekstfil.txt"] = ("", "utf-8")
EXPECT.append(("Fælles/Ny tekstfil.txt", "No findings: an empty file (0 bytes); it must still be counted as scanned."))


# ---- documents: written by corpus/documents.py (MA/MB mark a value, CELL separates table cells)
M = lambda d: documents.MA + dash(d) + documents.MB
C = documents.CELL


def docx_with_split_value():
    """The decision as DOCX, with the applicant's number split over two runs in the body (the first seed that
    splits it, so the file never changes)."""
    story = (documents.PART + "body" + documents.PART + f"""Vesterby Kommune, Borgerservice
Afgørelse om boligstøtte
Ansøger: Mette Ærø Kjær, CPR-nr.: {M(P_DOCX)}
Vesterby Kommune har behandlet din ansøgning om boligstøtte til lejligheden på Søndergade 3, 1. th., 7100 Vejle, og bevilger 2.150,00 kr. om måneden fra 1. juni 2024.
Husstandens medlemmer:
Navn{C}CPR-nr.{C}Relation
Freja Ærø Kjær{C}{M(P_DOCX_KIDS[0])}{C}barn
Oliver Ærø Kjær{C}{M(P_DOCX_KIDS[1])}{C}barn
Du kan klage over afgørelsen inden fire uger. Med venlig hilsen, Søren Ærø Østergård
""" + documents.PART + "header" + documents.PART + f"Vesterby Kommune · Borgerservice · Vedr. CPR-nr.: {M(P_DOCX)}\n")
    for seed in range(100):
        data, _ = documents.docx(story, random.Random(seed), MTIME, "Afgørelse om boligstøtte", "Søren Ærø Østergård")
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        if dash(P_DOCX) not in body:
            return data
    raise AssertionError("no seed splits the number")


FILES["Borgerservice/Afgørelse_boligstøtte.docx"] = (docx_with_split_value(), "raw")
EXPECT.append(("Borgerservice/Afgørelse_boligstøtte.docx",
               f"3 CPRs (a Word document): the applicant `{masked(P_DOCX)}` after `CPR-nr.:`, split over two "
               "formatting runs in the body (`<w:t>` pieces that must be joined) and repeated in the page header "
               f"(`part` `header` is not reported: the first occurrence is in the `body`), and the children "
               f"`{masked(P_DOCX_KIDS[0])}` and `{masked(P_DOCX_KIDS[1])}` in a table."))

_PDF_PAGE_1 = "\n".join(["Vesterby Kommune, Jobcenter", "Bevilling af hjælpemidler", ""] + [
    "Jobcentret har modtaget ansøgningen om hjælpemidler til arbejdspladsen og har gennemgået den sammen med "
    "arbejdsgiveren og ergoterapeuten."] * 14 + [""] * 30)
_PDF, _PDF_PLACES = documents.pdf(
    documents.PART + "body" + documents.PART + _PDF_PAGE_1 + "\n" +
    f"Ansøger: Jens Bøgh Lund, personnummer {M(P_PDF)}, bevilges et hæve-sænkebord og en skærmlæser.\n"
    "Bevillingen gælder fra 1. august 2024.\n", random.Random(0), MTIME, "Bevilling af hjælpemidler",
    "Tove Lund", compress=False)
assert _PDF_PLACES == [{"page": 2}], _PDF_PLACES
FILES["Jobcenter/Bevilling_hjælpemidler.pdf"] = (_PDF, "raw")
EXPECT.append(("Jobcenter/Bevilling_hjælpemidler.pdf",
               f"1 CPR `{masked(P_PDF)}` after `personnummer`, on page 2 of a PDF (the finding carries `page`: 2)."))


def expected_md():
    n_pos = 1 + 1 + 3 + 1 + len(P_CLASS) + 1 + 2 + 1 + 3 + 1
    lines = ["# Demo corpus: what a scan should find", "",
             "Vesterby Kommune is fictive, and so is every person and number here. The files are written by",
             "`corpus/make_demo.py`; regenerate them with `python3 corpus/make_demo.py` (this file is written",
             "with them). Values are shown masked (`DDMMYY-XXXX`).", "",
             f"In total **{n_pos + 3} findings in 11 files**: {n_pos - 1} of kind `cpr`, 1 of kind "
             "`cpr-replacement`, 1 `health`, 1 `criminal` and 1 `union`. The other files must produce no findings.",
             "", "| file | expected |", "|---|---|"]
    for path, desc in EXPECT:
        lines.append(f"| `{path}` | {desc} |")
    lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo"))
    a = ap.parse_args()
    if os.path.isdir(a.out):
        shutil.rmtree(a.out)
    for rel, (text, enc) in FILES.items():
        p = os.path.join(a.out, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(text if enc == "raw" else encode(text, enc))
        os.utime(p, (MTIME, MTIME))
    with open(os.path.join(a.out, "EXPECTED.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(expected_md())
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(a.out) for fn in fns)
    print(f"demo corpus: {len(FILES)} files + EXPECTED.md, {total} bytes in {a.out}")


if __name__ == "__main__":
    main()
