/* checklists.js: owned by its feature */
