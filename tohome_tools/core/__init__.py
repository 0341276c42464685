"""The core: plain values and pure functions (findings, dates, money, periods, JSON pointers, the
working-day calendar, text safety). No I/O, no text for people beyond what a value needs."""
