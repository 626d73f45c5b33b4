"""Story illustrations drawn with Pillow, so the demo downloads nothing."""

import io
import random

from PIL import Image, ImageDraw


def draw_landscape(*, seed: int, colour: tuple[int, int, int], size=(1600, 1000)) -> bytes:
    """A simple landscape (sky, sun, hills, buildings) as JPEG bytes; same seed, same picture."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    r, g, b = colour
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)], fill=(int(255 - 80 * t), int(235 - 60 * t), int(210 + 30 * t))
        )
    sun_x = rng.randint(200, width - 200)
    draw.ellipse([sun_x - 90, 120, sun_x + 90, 300], fill=(255, 214, 102))
    for layer in range(3):
        base = int(height * (0.55 + 0.12 * layer))
        shade = tuple(max(0, min(255, c - 35 * layer + 20)) for c in colour)
        points = [(0, height)]
        for x in range(0, width + 200, 200):
            points.append((x, base - rng.randint(0, 120)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    # A group of buildings around the centre: the focal point of the picture.
    cx = width // 2 + rng.randint(-150, 150)
    ground = int(height * 0.78)
    for i in range(5):
        w = rng.randint(70, 130)
        h = rng.randint(120, 260)
        x0 = cx - 300 + i * 120
        draw.rectangle(
            [x0, ground - h, x0 + w, ground], fill=(max(0, r - 60), max(0, g - 60), max(0, b - 60))
        )
        for wy in range(ground - h + 20, ground - 20, 40):
            draw.rectangle([x0 + 15, wy, x0 + 30, wy + 18], fill=(255, 240, 180))
    chimney_x = cx + 120
    draw.rectangle([chimney_x, ground - 360, chimney_x + 30, ground - 200], fill=(80, 80, 90))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()
