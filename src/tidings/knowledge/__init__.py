"""What tidings knows about the world, below every stage that uses it (extract and resolve).

* ``files`` – the one reader of knowledge files (:func:`read_tsv`, :func:`read_yaml`);
* ``keys`` – the matching keys: :func:`place_key`, :func:`person_key`, :func:`fold`;
* ``regex`` – searching with patterns that open with ``\\b``, about three times faster;
* ``words`` – small shared word lists: honorifics, place prepositions, month names;
* ``countries`` – the one demonym table, ISO code conversions, the country of a city;
* ``gazetteer`` – the offline place index, built once and cached signed;
* ``lexicon`` – place words with gazetteer look-ups;
* ``people`` – the knowledge base of people with dated roles.

Nothing is read at import time: each table loads on its first use and stays for the process.
"""
