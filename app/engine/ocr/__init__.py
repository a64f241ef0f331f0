"""Reading the text inside photos: one small interface (base.py), two engines behind it."""
