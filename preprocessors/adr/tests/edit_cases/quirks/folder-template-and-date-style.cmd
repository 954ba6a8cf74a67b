new "Keep runbooks next to code" --relates 4
