package demo

import "strings"

// Invented names: common given and family names, combined at random. Kept in
// constants so the package holds no mutable globals.
const (
	femaleGiven = `Abigail Ada Alma Amara Anika Beatrix Bianca Camille Carmen Cora
		Daphne Delia Elena Elise Esme Freya Greta Hana Helena Imani Ines Iris Johanna
		Keiko Lena Lucia Mara Marisol Maya Nadia Nora Olive Petra Priya Rosa Selma
		Sofia Talia Thea Vera Wren Yara Zora`
	maleGiven = `Aaron Adrian Amir Anton Arjun Bastian Bruno Caleb Dario Desmond
		Elias Emil Felix Gabriel Hugo Idris Ivan Jonas Julian Kai Kenji Leon Luca
		Malik Marco Mateo Nikolai Omar Oscar Pablo Rafael Rowan Samir Silas Tobias
		Tomas Victor Wesley Yusuf Zane`
	familyNames = `Abernathy Achebe Alvarez Ambrose Ashdown Baptiste Bellweather
		Brannigan Calloway Castellan Delacroix Dunmore Eastwick Ellery Falkner
		Fairbanks Gallagher Greenhalgh Halloran Hargrove Ibarra Ingersoll Jablonski
		Kaminski Kettering Lachance Lindqvist Mallory Marchetti Montague Nakamura
		Navarro Oduya Okonkwo Pemberton Quimby Radcliffe Ravenscroft Salazar
		Sandoval Thackeray Tremblay Underhill Valdivia Vasquez Wainwright Whitlock
		Yamada Yilmaz Zielinski`
)

type names struct{ female, male, family []string }

func newNames() names {
	return names{
		female: strings.Fields(femaleGiven),
		male:   strings.Fields(maleGiven),
		family: strings.Fields(familyNames),
	}
}
