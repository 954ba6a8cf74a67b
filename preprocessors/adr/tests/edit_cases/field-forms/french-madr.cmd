status 4 accepté
