"""A bare PySide6 window: the baseline the app's start-up is compared with (see benchmark.py).

Prints ``WINDOW_SHOWN <seconds since LAT_BENCH_T0>`` once the window is shown, then quits,
exactly as ``ui.startup.run`` does under ``LAT_BENCH_EXIT_ON_SHOWN=1``.
"""

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.resize(1200, 780)
    window.show()

    def report() -> None:
        print(f"WINDOW_SHOWN {time.time() - float(os.environ['LAT_BENCH_T0']):.4f}", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, report)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
