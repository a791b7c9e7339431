package lexicon
import ("fmt";"testing")
func TestZZScratch(t *testing.T){
 lex := fixture(t)
 fmt.Println("warnings:", lex.Warnings)
 for _, s := range []string{
  "أكد رئيس الصين، شي جين بينج، أن الصين مستعدة للعمل مع أذربيجان لحماية النظام الدولي الذي تمثل الأممالمتحدة جوهره",
  "فيما قال «علييف»، إن أذربيجانوالصين لطالما تبادلتا الاحترام",
  "وصل الوفد ولواشنطن وللصين وبالأمم المتحدة",
  "قال والي بغداد إن بلاد الشام وانتقد حكومته وقال وزير خارجيتها",
  "خلال زيارته لبكين خرج المتظاهرون وأضاف أن الحروب التجارية",
  "قال وزير الخارجية التركي إن الجيش السوري وحكومة العراق",
 } {
  for _, mt := range findAll(lex.Matcher(), s) { fmt.Printf("[%d %d] %s\n", mt.First, mt.Last, describe(s, mt)) }
  fmt.Println()
 }
}
