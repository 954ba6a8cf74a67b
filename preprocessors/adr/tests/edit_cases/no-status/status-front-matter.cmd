status 1 proposed
