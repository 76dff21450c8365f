/* trees.js: owned by its feature */
