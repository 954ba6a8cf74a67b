status 2 deprecated
