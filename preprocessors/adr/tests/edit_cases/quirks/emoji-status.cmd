status 1 deprecated
