#!/usr/bin/python3
"""Makes the OCR test fixtures: pictures of a Danish letter holding a CPR number, drawn with a Debian font.

    make_ocr_fixtures.py OUTDIR            the fixtures the OCR tests scan (below)
    make_ocr_fixtures.py --seeds OUTDIR    small pictures of every kind, the fuzz seeds of tests/fuzz/seeds/images
    make_ocr_fixtures.py --degraded OUTDIR the recall set: 24 degraded samples (JPEG noise, 200 dpi fax-style G4
                                           TIFF, 3 degree skew, low contrast, small type), one CPR number each

Made at test time (nothing binary is checked in); python3-pil and fonts-dejavu-core (Debian). The CPR numbers
are test numbers (valid date and check digit, nobody's).
"""
import io
import math
import os
import random
import sys
import zipfile

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
CPR = "150643-1006"

LETTER = [
    "Aarhus Kommune, Borgerservice",
    "Vedrørende din ansøgning om boligstøtte",
    f"CPR-nr.: {CPR}",
    "Vi har modtaget dine oplysninger og vender",
    "tilbage, når sagen er behandlet.",
]


def letter(lines=LETTER, size=40, width=1700, font=FONT, fg=0, bg=255, margin=80):
    f = ImageFont.truetype(font, size)
    line_h = int(size * 1.6)
    img = Image.new("L", (width, margin * 2 + line_h * len(lines)), bg)
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((margin, margin + i * line_h), line, font=f, fill=fg)
    return img


def photo_like(img, degrees, seed):
    """A phone photo of a letter: grey paper, uneven light, a little blur and noise, turned a few degrees."""
    rnd = random.Random(seed)
    rgb = Image.merge("RGB", [img.point(lambda v: int(v * 0.85 + 20))] * 3)
    rgb = rgb.rotate(degrees, resample=Image.BICUBIC, expand=True, fillcolor=(200, 195, 185))
    w, h = rgb.size
    px = rgb.load()
    for y in range(0, h):
        shade = int(18 * y / h)
        for x in range(0, w, 1):
            r, g, b = px[x, y]
            n = rnd.randint(-12, 12) - shade
            px[x, y] = (max(0, min(255, r + n)), max(0, min(255, g + n)), max(0, min(255, b + n - 4)))
    return rgb.filter(ImageFilter.GaussianBlur(0.8))


def docx_with_image(png_bytes):
    """A minimal Word document whose only content is the picture (word/media/image1.png)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   '<w:body><w:p><w:r><w:t>Se vedhæftede scanning.</w:t></w:r></w:p></w:body></w:document>')
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>')
        z.writestr("word/media/image1.png", png_bytes)
    return out.getvalue()


def rtf_with_image(png_bytes):
    """An RTF letter with the picture as Word writes it: {\\*\\shppict{\\pict ... \\pngblip HEX}} and a WMF fallback
    in {\\nonshppict} (skipped by readers that read the PNG)."""
    hexdata = png_bytes.hex()
    lines = "\r\n".join(hexdata[i:i + 128] for i in range(0, len(hexdata), 128))
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\r\n"
            "\\pard Se vedh\\'e6ftede scanning.\\par\r\n"
            "{\\*\\shppict{\\pict{\\*\\picprop{\\sp{\\sn wzName}{\\sv Billede 1}}}\\picw1700\\pich480\\pngblip\r\n"
            + lines + "}}{\\nonshppict{\\pict\\picw1700\\pich480\\wmetafile8 010009000003}}\\par}\r\n").encode("ascii")


def save(img, path, **kw):
    img.save(path, **kw)


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    page = letter()
    save(page, os.path.join(out, "brev.png"), dpi=(300, 300))
    save(page.convert("RGB"), os.path.join(out, "brev.jpg"), quality=85, dpi=(300, 300))
    # A two-page fax: the CPR number on page 2.
    cover = letter(["Telefax", "Til: Borgerservice", "Sider: 2"])
    save(cover.convert("1"), os.path.join(out, "fax.tif"), compression="group4", dpi=(200, 200),
         save_all=True, append_images=[page.convert("1")])
    save(photo_like(page, 4, 1), os.path.join(out, "foto.jpg"), quality=80)
    save(page.rotate(90, expand=True), os.path.join(out, "vendt.png"))  # scanned the wrong way round
    save(page.convert("RGB"), os.path.join(out, "scannet.pdf"), resolution=300.0)  # a PDF whose only page is the image
    with open(os.path.join(out, "brev.png"), "rb") as png, open(os.path.join(out, "brev_med_billede.docx"), "wb") as f:
        f.write(docx_with_image(png.read()))  # the same picture as brev.png: read once per run
    # An RTF letter with a picture of its own (another picture than brev.png: not taken from the run's cache).
    with open(os.path.join(out, "brev_med_billede.rtf"), "wb") as f:
        buf = io.BytesIO()
        letter(LETTER[1:]).save(buf, format="PNG")
        f.write(rtf_with_image(buf.getvalue()))
    # The unusual kinds of pixels: CMYK JPEG, 16-bit grey PNG, text on a transparent background, animated GIFs.
    save(page.convert("CMYK"), os.path.join(out, "cmyk.jpg"), quality=90)
    save(page.convert("I").point(lambda v: v * 257), os.path.join(out, "gray16.png"))  # PIL writes mode I as 16-bit
    alpha = Image.new("LA", page.size, (0, 0))
    alpha.putalpha(page.point(lambda v: 255 - v))
    save(alpha.convert("RGBA"), os.path.join(out, "alpha.png"))
    frames = [page.convert("P"), letter(["Side 2"]).resize(page.size).convert("P")]
    save(frames[0], os.path.join(out, "anim.gif"), save_all=True, append_images=frames[1:], duration=500, loop=0)
    # An animation whose second frame holds the number (the first one is a cover page).
    cover_frame = letter(["Side 1", "Borgerservice", "Sagsnr. 2024-1001"]).resize(page.size).convert("P")
    save(cover_frame, os.path.join(out, "anim2.gif"), save_all=True, append_images=[page.convert("P")],
         duration=500, loop=0)
    # A picture without text, large enough to be read (auto), and an icon too small to hold any.
    rnd = random.Random(7)
    noise = Image.new("L", (400, 300), 255)
    d = ImageDraw.Draw(noise)
    for _ in range(40):
        x, y = rnd.randint(0, 380), rnd.randint(0, 280)
        d.ellipse((x, y, x + 20, y + 20), fill=rnd.randint(0, 200))
    save(noise, os.path.join(out, "tegning.png"))
    save(Image.new("RGB", (32, 32), (200, 0, 0)), os.path.join(out, "ikon.png"))


# The recall set: six degradations, four seeds each; each sample has its own CPR-like test number.
def degraded(out):
    os.makedirs(out, exist_ok=True)
    numbers = ["150643-1006", "010190-1234", "311299-2345", "120556-3456", "280272-4567", "051180-5678",
               "170345-6789", "230917-7890", "090664-8901", "141205-9012", "021033-0123", "250488-1357",
               "061151-2468", "190728-3579", "300699-4680", "111111-1118", "080808-0808", "271082-1928",
               "040404-4044", "131013-1313", "220222-2202", "161066-6161", "290296-9299", "030703-0307"]
    kinds = ["jpeg_noise", "fax_g4_200dpi", "skew3", "low_contrast", "small_type", "photo"]
    for i, number in enumerate(numbers):
        kind = kinds[i % len(kinds)]
        rnd = random.Random(i)
        lines = ["Borgerservice", "Sagsnr. 2024-" + str(1000 + i), f"CPR-nr. {number}", "Med venlig hilsen"]
        font = SERIF if i % 2 else FONT
        name = os.path.join(out, f"{i:02d}_{kind}")
        if kind == "jpeg_noise":
            img = letter(lines, size=34, font=font).convert("RGB")
            px = img.load()
            for _ in range(img.size[0] * img.size[1] // 20):
                x, y = rnd.randrange(img.size[0]), rnd.randrange(img.size[1])
                v = rnd.randint(0, 255)
                px[x, y] = (v, v, v)
            save(img, name + ".jpg", quality=35)
        elif kind == "fax_g4_200dpi":
            img = letter(lines, size=24, width=1100, font=font, margin=50)  # 12 pt at 200 dpi
            save(img.convert("1"), name + ".tif", compression="group4", dpi=(200, 200))
        elif kind == "skew3":
            img = letter(lines, size=36, font=font).rotate(3 if i % 2 else -3, resample=Image.BICUBIC, expand=True,
                                                         fillcolor=255)
            save(img, name + ".png")
        elif kind == "low_contrast":
            img = letter(lines, size=36, font=font, fg=150, bg=205)
            save(img, name + ".png")
        elif kind == "small_type":
            img = letter(lines, size=17, width=800, font=font, margin=30)  # 8 pt at 150 dpi
            save(img, name + ".png")
        else:
            save(photo_like(letter(lines, size=36, font=font), rnd.choice([-2.5, 2, 3]), i), name + ".jpg", quality=70)
    with open(os.path.join(out, "numbers.txt"), "w") as f:
        for i, number in enumerate(numbers):
            f.write(f"{i:02d} {number[:6]}\n")


def seeds(out):
    os.makedirs(out, exist_ok=True)
    small = letter(["CPR 150643-1006"], size=14, width=180, margin=6)
    save(small, os.path.join(out, "seed.png"))
    save(small.convert("RGBA"), os.path.join(out, "seed_alpha.png"))
    save(small.convert("RGB"), os.path.join(out, "seed.jpg"), quality=60)
    save(small.convert("1"), os.path.join(out, "seed.tif"), compression="group4", save_all=True,
         append_images=[small.convert("1")])
    save(small.convert("P"), os.path.join(out, "seed.gif"), save_all=True, append_images=[small.convert("P")])
    save(small, os.path.join(out, "seed.bmp"))
    save(small.convert("RGB"), os.path.join(out, "seed.webp"), quality=50)


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--degraded":
        degraded(args[1])
    elif len(args) == 2 and args[0] == "--seeds":
        seeds(args[1])
    elif len(args) == 1:
        fixtures(args[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
