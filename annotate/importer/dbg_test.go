package importer
import ("testing";"os";"fmt";"strings")
func TestDbgText(t *testing.T){
 b,_:=os.ReadFile(os.Getenv("PAGE"))
 doc:=parsePage(string(b), &Options{})
 for _,s:=range doc.Segments { tx:=strings.ReplaceAll(s.Text,"\n"," / "); if len(tx)>150 {tx=tx[:150]}; fmt.Printf("%-8s %-12s %q\n", s.Kind, s.Author, tx) }
}
