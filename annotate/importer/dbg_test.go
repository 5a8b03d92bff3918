package importer
import ("testing";"os";"fmt";"strings")
func TestDbgText(t *testing.T){
 name:=os.Getenv("PAGE")
 b,_:=os.ReadFile("/work/shared/fixtures/pages/comments/txt/"+name+".txt")
 p := &page{opts: &Options{}}
 _ = p
 doc:=parsePage(string(b), &Options{})
 for _,s:=range doc.Segments { tx:=strings.ReplaceAll(s.Text,"\n"," / "); if len(tx)>150 {tx=tx[:150]}; fmt.Printf("%-8s %-12s %q\n", s.Kind, s.Author, tx) }
}
