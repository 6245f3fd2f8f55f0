"""Default values of the shared options: read by the option help texts and by the jobs."""

XMIN = -6.0
XMAX = 6.0
FIGURE_POINTS = 1001  # samples of a figure (plus every kink and jump, exactly)
DPI = 150.0
STYLE = "light"
STYLES = ("light", "dark")
LAYOUT = "overlay"
LAYOUTS = ("overlay", "grid")
ORDERS = (1, 2)
MAX_PIXELS = 60_000_000  # a larger PNG is a typo in --dpi or --size, not a figure
