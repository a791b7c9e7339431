// Package ner is hadath's Arabic named-entity tagger: it marks persons
// (PERS), locations (LOC), organisations (ORG) and other names (MISC) in
// tokenised text with BIO tags.
//
// The model is an averaged structured perceptron over hashed features,
// decoded with Viterbi under BIO constraints, in two stages: the second
// also reads what the first made of the other mentions of each word in the
// sentences around (TagDocument), so that a name spelled out once is known
// when it comes back alone. Dictionary people, organisations and armed
// groups the model leaves untagged are tagged from the dictionary. The
// features suit Arabic news: the word, its normalised form and its
// clitic-stripped stems (arabic.Analyze), letter prefixes and suffixes of
// the word and of its stem (transliterated foreign names: شوماخر،
// غوسيف), the words and stems around it, its shape, the dictionary actors
// of package lexicon that cover it and their kind (person, country, place,
// org, group, sector...), the name gazetteer of names.tsv (Arabic and
// foreign given names, parts of compound names, surnames) for it and the
// words around, how often its word and its neighbours' occur in the
// training data (rare words are often names), joined with the name marks of
// the word before and after (a given name, a nisba, قال, before a rare word:
// a surname), trigger and cue matches, and title and
// context words before it (الرئيس، المتحدث باسم، حركة، مدينة...). Training
// is cost-augmented (missing an entity costs more than inventing one), and
// each stage sums three runs shuffled with different seeds. Tags
// work on ANERcorp-style tokens with their clitics attached (والعراق) as
// well as on arabic.Tokenize tokens.
//
// The default model (Default) is trained on the CAMeL Lab train split of
// ANERcorp and embedded in the binary; model/README.md records how it was
// made and how well it does. Train, CrossValidate and the CoNLL reader and
// scorer rebuild and measure it (hadath ner train / eval).
package ner
