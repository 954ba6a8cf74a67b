fn real() {}
