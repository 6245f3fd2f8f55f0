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
DEPTH_WIDTH = 256  # grad --depth: units per layer
DEPTH_BATCH = 256  # grad --depth: inputs propagated at once
DEPTH_SEED = 0
INIT = "auto"
INITS = ("auto", "he", "xavier", "lecun", "orthogonal")  # also glorot (xavier), kaiming (he)
MAX_DEPTH = 10_000
MAX_WIDTH = 8192
MAX_BATCH = 65_536
MAX_DEPTH_ELEMENTS = 2 ** 25  # depth × width × batch kept for the backward pass
